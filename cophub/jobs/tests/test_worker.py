"""Real worker processes (`cophub worker`) against the test database: a job runs and
reports progress, survives a kill -9 of its worker, and a failed job shows its error."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from cophub.jobs.models import Job, WorkerBeat
from cophub.jobs.services import job_start
from cophub.jobs.tests import kinds  # noqa: F401 - registers the test kind here too
from cophub.testing import wait_for, worker_env

pytestmark = pytest.mark.django_db(transaction=True)
DATABASE_BACKEND = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}
BOOT = (
    "import django, sys; django.setup(); import cophub.jobs.tests.kinds; "
    "from django.core.management import call_command; call_command('worker', *sys.argv[1:])"
)


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


@pytest.fixture
def start_worker(media):
    """Start `cophub worker` processes on the test database; stop them all afterwards."""
    procs: list[subprocess.Popen] = []
    env = worker_env(media)

    def start(*args: str, **more_env: str) -> subprocess.Popen:
        proc = subprocess.Popen(
            [sys.executable, "-c", BOOT, "--interval", "0.1", *args], env={**env, **more_env},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )  # fmt: skip
        procs.append(proc)
        return proc

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)


def fresh(job: Job) -> Job:
    return Job.objects.get(pk=job.pk)


@override_settings(TASKS=DATABASE_BACKEND)
def test_a_worker_runs_a_job_and_reports_progress(member, member_client, start_worker, media):
    job = job_start(actor=member, kind="tests.steps", params={"steps": 5, "pause": 0.3})
    assert fresh(job).state == "queued"
    start_worker()
    seen = set()
    wait_for(lambda: seen.add(fresh(job).done) or fresh(job).state == "done", what="the job")
    assert {1, 2, 3} <= seen  # progress was visible while it ran, not only at the end
    job = fresh(job)
    assert (job.done, job.total, job.attempts, job.error_code) == (5, 5, 1, "")
    api = member_client.get(reverse("api:job", kwargs={"job_id": job.pk})).json()
    assert api["state"] == "done" and api["progress"] == {"done": 5, "total": 5}
    assert member_client.get(api["result_url"]).getvalue() == b"5 steps"


@override_settings(TASKS=DATABASE_BACKEND)
def test_a_job_survives_kill_9_of_its_worker_with_one_result(member, start_worker, media):
    job = job_start(actor=member, kind="tests.steps", params={"steps": 8, "pause": 0.4})
    first = start_worker()
    wait_for(lambda: fresh(job).done >= 2, what="the first worker to be half-way")
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    stopped_at = fresh(job).done
    assert fresh(job).state == "running" and stopped_at < 8
    second = start_worker()  # a new worker sees the dead one's task and runs it again
    wait_for(lambda: fresh(job).state == "done", what="the second worker to finish")
    job = fresh(job)
    assert (job.done, job.attempts) == (8, 2)
    # The second run did the whole job again (this kind restarts rather than resumes: every
    # step file holds the second worker's pid) and left one result, not two.
    steps = {
        int(p.name): p.read_text() for p in (media / "media" / "steps" / str(job.pk)).iterdir()
    }
    assert sorted(steps) == list(range(8)) and set(steps.values()) == {str(second.pid)}
    results = list((media / "media" / "jobs" / str(job.pk)).iterdir())
    assert [p.name for p in results] == ["steps.txt"] and results[0].read_text() == "8 steps"


@override_settings(TASKS=DATABASE_BACKEND)
def test_a_failed_job_shows_its_error_in_the_readers_language(
    member, member_client, start_worker, media
):
    job = job_start(actor=member, kind="tests.steps", params={"steps": 1, "pause": 0, "fail": True})
    start_worker()
    wait_for(lambda: fresh(job).state == "failed", what="the job to fail")
    th = member_client.get(reverse("api:job", kwargs={"job_id": job.pk})).json()
    assert th["error"] == "ไม่พบข้อมูล" and th["result_url"] is None
    en = member_client.get(
        reverse("api:job", kwargs={"job_id": job.pk}), HTTP_ACCEPT_LANGUAGE="en"
    ).json()
    assert en["error"] == "Not found."
    page = member_client.get(reverse("jobs:detail", kwargs={"job_id": job.pk})).content.decode()
    assert 'data-testid="job-error"' in page and "ไม่พบข้อมูล" in page
    from django_tasks_db.models import DBTaskResult

    wait_for(lambda: DBTaskResult.objects.failed().exists(), what="the task to be FAILED too")
    metrics = member_client.get("/metrics").content.decode()  # the test client is 127.0.0.1
    assert "cophub_jobs_failed 1.0" in metrics


@override_settings(TASKS=DATABASE_BACKEND)
def test_a_stopped_worker_leaves_no_beat_and_sigterm_is_graceful(start_worker):
    proc = start_worker()
    wait_for(
        lambda: WorkerBeat.objects.filter(pid=proc.pid).exists(), what="the worker's first beat"
    )
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=25) == 0
    output = proc.stdout.read().decode()[-2000:]
    assert not WorkerBeat.objects.filter(pid=proc.pid).exists(), output


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="cutting a worker's database connections from outside needs PostgreSQL",
)
@override_settings(TASKS=DATABASE_BACKEND)
def test_a_worker_lives_through_lost_database_connections(member, start_worker, media):
    """PostgreSQL restarting, seen from the worker: every connection it has is cut. It
    waits, reconnects and goes on; no worker restart is needed."""
    proc = start_worker(PGAPPNAME="cophub-test-worker")  # libpq names its connections so
    wait_for(lambda: WorkerBeat.objects.exists(), what="the worker's first beat")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = 'cophub-test-worker'"
        )
        assert cursor.fetchone()[0] >= 1  # the worker really lost its connections
    job = job_start(actor=member, kind="tests.steps", params={"steps": 2, "pause": 0.1})
    wait_for(lambda: fresh(job).state == "done", what="the job after the outage")
    assert proc.poll() is None  # still the same worker process
