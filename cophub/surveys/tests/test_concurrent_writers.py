"""Several real processes submit to one survey at once, some from the same devices, while
another folds the tallies: every submission is stored once, nothing waits in vain, and
the running tallies equal a full recount. On SQLite this is what the old writer queue
(a file lock in front of SQLite's own) was for; SQLite's busy timeout now does it alone."""

import os
import subprocess
import sys
import uuid

import pytest

from cophub.surveys import tallies
from cophub.surveys.models import Response, Tally
from cophub.testing import child_database_url

pytestmark = pytest.mark.django_db(transaction=True)

WRITERS, NEW_EACH, DEVICES, FOLDS = 3, 30, 4, 20

SUBMITTER = """
import sys, uuid
import django; django.setup()
from cophub.surveys.selectors import submission_survey
from cophub.surveys.services import survey_submit
from cophub.testing import all_likert
token, new, devices = sys.argv[1], int(sys.argv[2]), [uuid.UUID(d) for d in sys.argv[3:]]
print("ready", flush=True); sys.stdin.readline()
for i in range(new):
    survey_submit(survey=submission_survey(token), client_id=uuid.uuid4(), answers=all_likert(1 + i % 5))
    if i % 10 == 0:  # each device answers, then corrects itself, from every writer
        for n, device in enumerate(devices):
            survey_submit(survey=submission_survey(token), client_id=uuid.uuid4(),
                          answers=all_likert(1 + (i + n) % 5), respondent=device)
print("done", flush=True)
"""
FOLDER = """
import sys, time
import django; django.setup()
from cophub.surveys import tallies
survey_id, folds = int(sys.argv[1]), int(sys.argv[2])
print("ready", flush=True); sys.stdin.readline()
for _ in range(folds):
    tallies.fold([survey_id])
    time.sleep(0.02)
print("done", flush=True)
"""


def test_concurrent_writers_and_a_fold_lose_nothing(survey, tmp_path):
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "cophub.settings", "DATABASE_URL": child_database_url(),
        "COPHUB_VAR_DIR": str(tmp_path), "COPHUB_ENV": "development", "TASKS_BACKEND": "immediate",
        "REDIS_URL": "", "SURVEY_RATE_PER_DEVICE": "1000000",
    }  # fmt: skip
    devices = [str(uuid.uuid4()) for _ in range(DEVICES)]
    scripts = [[SUBMITTER, survey.token, str(NEW_EACH), *devices]] * WRITERS
    scripts.append([FOLDER, str(survey.pk), str(FOLDS)])
    procs = [
        subprocess.Popen([sys.executable, "-c", *args], env=env, stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for args in scripts
    ]  # fmt: skip
    try:
        for proc in procs:
            assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        for proc in procs:  # all at once
            proc.stdin.write("\n")
            proc.stdin.flush()
        for proc in procs:
            out, err = proc.communicate(timeout=120)
            assert (proc.returncode, out.strip()) == (0, "done"), err
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
    assert Response.objects.filter(survey=survey, respondent__isnull=True).count() == (
        WRITERS * NEW_EACH
    )
    assert Response.objects.filter(survey=survey, respondent__isnull=False).count() == DEVICES
    tallies.fold([survey.pk])
    running = sorted(
        Tally.objects.filter(survey=survey).exclude(count=0).values_list("code", "value", "count")
    )
    tallies.rebuild(survey)
    recount = sorted(
        Tally.objects.filter(survey=survey).exclude(count=0).values_list("code", "value", "count")
    )
    assert running == recount
    assert ("_n", "", WRITERS * NEW_EACH + DEVICES) in running
