"""/metrics: who may read it, what it says, and the several-workers mode."""

import datetime as dt
import re

import pytest
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult
from prometheus_client import REGISTRY

from cophub.ops import metrics
from cophub.ops.tests.ops_helpers import child_database_url, python

pytestmark = pytest.mark.django_db

ELSEWHERE = "203.0.113.7"
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@task()
def metrics_probe_task(fail: bool = False) -> int:
    if fail:
        raise RuntimeError("this task fails on purpose")
    return 1


def sample(text: str, name: str, **labels) -> float:
    """The value of one sample in exposition text (labels in any order)."""
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', line.split(" ")[0]))
        if found == labels:
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{name} {labels} not in the metrics")


def test_strangers_and_members_from_elsewhere_get_404(stranger_client, member_client):
    for client in (stranger_client, member_client):
        response = client.get("/metrics", REMOTE_ADDR=ELSEWHERE)
        assert response.status_code == 404
        assert b"cophub_" not in response.content


def test_local_scrape_reads_latency_by_view_name_not_path(stranger_client, survey):
    stranger_client.get(f"/s/{survey.token}")
    response = stranger_client.get("/metrics")  # the test client comes from 127.0.0.1
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    text = response.content.decode()
    count = sample(
        text, "cophub_http_request_duration_seconds_count", view="surveys:respond", status="2xx"
    )
    assert count >= 1
    assert survey.token not in text  # the raw path never becomes a label


def test_a_proxied_request_is_not_local(stranger_client):
    # On one host the reverse proxy connects from 127.0.0.1; what it forwards is public.
    response = stranger_client.get("/metrics", HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert response.status_code == 404


@override_settings(METRICS_TOKEN="scrape-secret-0123456789")
def test_bearer_token_opens_metrics_from_anywhere():
    client = Client()
    ok = client.get(
        "/metrics", REMOTE_ADDR=ELSEWHERE, HTTP_AUTHORIZATION="Bearer scrape-secret-0123456789"
    )
    assert ok.status_code == 200
    wrong = client.get("/metrics", REMOTE_ADDR=ELSEWHERE, HTTP_AUTHORIZATION="Bearer guess")
    assert wrong.status_code == 404
    # A wrong token is refused even from an allowed address.
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer guess").status_code == 404


@override_settings(METRICS_ALLOWED_IPS=["10.20.0.0/16"])
def test_allowed_networks_are_cidr_and_replace_the_default():
    client = Client()
    assert client.get("/metrics", REMOTE_ADDR="10.20.5.6").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="10.21.0.1").status_code == 404
    assert client.get("/metrics").status_code == 404  # 127.0.0.1 is no longer listed


def test_record_submission_counts_by_outcome():
    def value(outcome):
        return REGISTRY.get_sample_value("cophub_survey_submissions_total", {"outcome": outcome})

    before = {o: value(o) for o in metrics.SUBMISSION_OUTCOMES}
    metrics.record_submission("stored")
    metrics.record_submission("stored")
    metrics.record_submission("refused")
    assert value("stored") == before["stored"] + 2
    assert value("refused") == before["refused"] + 1
    assert value("replay") == before["replay"]
    with pytest.raises(ValueError, match="unknown submission outcome"):
        metrics.record_submission("lost")


@pytest.mark.django_db(transaction=True)  # a worker process reads the queue
@override_settings(TASKS=DB_TASKS)
def test_job_queue_depth_age_and_failures_are_read_at_scrape_time():
    text = Client().get("/metrics").content.decode()
    assert sample(text, "cophub_jobs_ready", queue="default") == 0
    assert sample(text, "cophub_jobs_oldest_ready_age_seconds") == 0

    metrics_probe_task.enqueue(fail=True)
    worker = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('db_worker', batch=True, startup_delay=False, reload=False, verbosity=0)\n"
    )
    python(worker, env={"TASKS_BACKEND": "database", "DATABASE_URL": child_database_url()})
    assert DBTaskResult.objects.failed().count() == 1

    old = metrics_probe_task.enqueue()
    metrics_probe_task.enqueue()
    ten_minutes_ago = timezone.now() - dt.timedelta(minutes=10)
    DBTaskResult.objects.filter(pk=old.id).update(enqueued_at=ten_minutes_ago)
    # Deferred to the future: not ready, not counted.
    metrics_probe_task.using(run_after=timezone.now() + dt.timedelta(hours=1)).enqueue()

    text = Client().get("/metrics").content.decode()
    assert sample(text, "cophub_jobs_ready", queue="default") == 2
    age = sample(text, "cophub_jobs_oldest_ready_age_seconds")
    assert 600 <= age < 700
    assert sample(text, "cophub_jobs_failed") == 1


def test_workers_add_up_in_multiprocess_mode(tmp_path, monkeypatch):
    code = "from cophub.ops.metrics import record_submission as r; r('stored'); r('replay')"
    env = {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    for _worker in range(2):
        python(code, env=env)
    assert len(list(tmp_path.glob("counter_*.db"))) == 2  # one file per process
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    text = metrics.render().decode()
    assert sample(text, "cophub_survey_submissions_total", outcome="stored") == 2
    assert sample(text, "cophub_survey_submissions_total", outcome="replay") == 2
    assert sample(text, "cophub_survey_submissions_total", outcome="refused") == 0
    assert "cophub_jobs_ready" in text  # the job figures come along


def test_a_bad_allowed_address_refuses_to_start():
    done = python(
        "import cophub.settings", env={"METRICS_ALLOWED_IPS": "127.0.0.1,intranet"}, check=False
    )
    assert done.returncode != 0
    assert "METRICS_ALLOWED_IPS: 'intranet' does not appear to be" in done.stderr
