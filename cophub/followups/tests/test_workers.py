"""Two real `cophub worker` processes race to send one follow-up: each person gets the
invitation once (one Message row, one outbox row, one mail at a real SMTP server)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from collections import Counter

import pytest
from django_tasks_db.models import DBTaskResult

from cophub.followups.jobs import followups_send_due
from cophub.followups.models import Message
from cophub.followups.services import followup_create
from cophub.jobs.models import WorkerBeat
from cophub.outbox.models import OutboxMessage
from cophub.testing import ActivityFactory, PersonFactory, RegistrationFactory, child_database_url

pytestmark = pytest.mark.django_db(transaction=True)
BOOT = (
    "import django; django.setup(); from django.core.management import call_command; "
    "call_command('worker', '--interval', '0.05')"
)


def wait_for(predicate, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_two_workers_send_each_person_the_invitation_once(
    smtp_server,
    database_tasks,
    settings,
    tmp_path,
    organiser,
):
    ended = dt.date.today() - dt.timedelta(days=90)
    activity = ActivityFactory(program__owner=organiser, start_date=ended, end_date=ended)
    for n in range(8):
        RegistrationFactory(activity=activity, person=PersonFactory(email=f"f{n}@example.go.th"))
    followup_create(
        actor=organiser, activity=activity, delay_days=90, reminder_days=[14], open_days=60
    )
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "cophub.settings", "TASKS_BACKEND": "database",
        "DATABASE_URL": child_database_url(), "COPHUB_VAR_DIR": str(tmp_path), "COPHUB_ENV": "development",
        "EMAIL_DELIVERY_BACKEND": settings.EMAIL_DELIVERY_BACKEND,
        "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_server.port),
    }  # fmt: skip
    workers = [
        subprocess.Popen([sys.executable, "-c", BOOT], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        for _ in range(2)
    ]  # fmt: skip
    try:
        wait_for(lambda: WorkerBeat.objects.count() == 2)
        for _ in range(6):  # six sends of the same follow-up, raced by the two workers
            followups_send_due.enqueue()
        wait_for(
            lambda: (
                not DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists()
                and not OutboxMessage.objects.exclude(state=OutboxMessage.State.SENT).exists()
                and OutboxMessage.objects.count() >= 8
            )
        )
        time.sleep(0.5)  # let any second mail, if there were one, reach the server
    finally:
        for worker in workers:
            worker.kill()
            worker.wait(timeout=10)
    log = workers[0].stdout.read().decode()[-2000:]
    assert Counter(Message.objects.values_list("kind", flat=True)) == {"invite": 8}, log
    assert OutboxMessage.objects.count() == 8
    delivered = Counter(tuple(m.get_all("To")) for m in smtp_server.messages)
    assert delivered == {(f"f{n}@example.go.th",): 1 for n in range(8)}
