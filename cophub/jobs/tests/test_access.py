"""Who sees a job: the person who started it and system admins; nobody else learns it exists."""

import uuid

import pytest
from django.urls import reverse

from cophub.jobs.models import Job
from cophub.jobs.services import job_start
from cophub.jobs.tests import kinds  # noqa: F401 - registers the test kind


@pytest.fixture
def job(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return job_start(actor=member, kind="tests.steps", params={"steps": 2, "pause": 0})


def urls(job_id):
    return [
        reverse("api:job", kwargs={"job_id": job_id}),
        reverse("jobs:detail", kwargs={"job_id": job_id}),
        reverse("jobs:progress", kwargs={"job_id": job_id}),
        reverse("jobs:result", kwargs={"job_id": job_id}),
    ]


def test_the_owner_sees_the_job_and_its_result(member_client, job):
    assert Job.objects.get(pk=job.pk).state == "done"
    assert [member_client.get(u).status_code for u in urls(job.pk)] == [200, 200, 200, 200]


def test_another_user_an_organiser_and_a_stranger_get_nothing(
    job, other_client, organiser_client, stranger_client
):
    for client in (other_client, organiser_client):
        assert [client.get(u).status_code for u in urls(job.pk)] == [404, 404, 404, 404]
    api, *pages = urls(job.pk)
    assert stranger_client.get(api).status_code == 401
    for page in pages:
        response = stranger_client.get(page)
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_system_admin_sees_any_job(job, sysadmin):
    from django.test import Client

    client = Client()
    client.force_login(sysadmin)
    assert client.get(urls(job.pk)[0]).json()["state"] == "done"


def test_an_unknown_or_malformed_id_is_404_not_500(member_client):
    assert member_client.get(reverse("api:job", kwargs={"job_id": uuid.uuid4()})).status_code == 404
    assert member_client.get("/api/v1/jobs/not-a-uuid").status_code == 404
    assert member_client.get("/api/v1/jobs/%00").status_code == 400  # refused by core middleware


def test_unfinished_job_page_polls_and_shows_thai_digits(member, member_client):
    job = Job.objects.create(kind="tests.steps", owner=member, state="running", done=12, total=40)
    page = member_client.get(reverse("jobs:progress", kwargs={"job_id": job.pk})).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert "๑๒ จาก ๔๐" in page


def test_old_finished_task_rows_are_pruned_and_fresh_ones_kept(db):
    import datetime as dt

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from cophub.jobs.jobs import prune_finished_tasks

    def row(status, age_hours):
        return DBTaskResult.objects.create(
            task_path="cophub.jobs.jobs.prune_finished_tasks", args_kwargs={"args": [], "kwargs": {}},
            status=status, finished_at=timezone.now() - dt.timedelta(hours=age_hours),
            backend_name="default",
        )  # fmt: skip

    old, fresh, running = row("SUCCESSFUL", 30), row("FAILED", 1), row("RUNNING", 30)
    assert prune_finished_tasks.func() == 1
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {fresh.pk, running.pk}
    assert old.pk not in set(DBTaskResult.objects.values_list("pk", flat=True))


def test_the_fold_job_is_enqueued_only_when_there_are_new_answers(demo_program, organiser):
    import uuid

    from cophub.jobs.queue import PERIODIC
    from cophub.surveys.jobs import fold_pending_tallies
    from cophub.surveys.services import survey_submit
    from cophub.testing import all_likert, survey_for

    [when] = [w for _, task, w in PERIODIC if task is fold_pending_tallies]
    assert when() is False
    survey = survey_for(demo_program.activities.first(), organiser)
    survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert())
    assert when() is True
    assert fold_pending_tallies.func() == 1
    assert when() is False


def test_a_job_runs_under_the_request_id_of_the_request_that_started_it(
    member, member_client, django_capture_on_commit_callbacks
):
    from cophub.ops.context import bound_request_id

    with bound_request_id("req-0123456789"), django_capture_on_commit_callbacks(execute=True):
        job = job_start(actor=member, kind="tests.steps", params={"steps": 1, "pause": 0})
    job = Job.objects.get(pk=job.pk)
    assert (job.request_id, job.result["request_id"]) == ("req-0123456789", "req-0123456789")


def test_with_the_database_backend_a_job_and_its_task_commit_together_or_not_at_all(member):
    from django.db import transaction
    from django.test import override_settings
    from django_tasks_db.models import DBTaskResult

    backend = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    with override_settings(TASKS=backend):
        with pytest.raises(RuntimeError), transaction.atomic():
            job_start(actor=member, kind="tests.steps", params={"steps": 1, "pause": 0})
            assert DBTaskResult.objects.count() == 1  # written inside the transaction
            raise RuntimeError("the change is rolled back")
        assert not Job.objects.exists() and not DBTaskResult.objects.exists()
        job = job_start(actor=member, kind="tests.steps", params={"steps": 1, "pause": 0})
        task = DBTaskResult.objects.get()
        assert task.args_kwargs["args"] == [str(job.pk)] and task.status == "READY"


def test_one_claimant_per_interval_for_a_periodic_task(db, settings):
    """Periodic work is claimed through the database, so it goes on with the cache down."""
    import datetime as dt

    from django.utils import timezone

    from cophub.jobs.worker import due

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    now = timezone.now()
    assert [due("x", 60, now), due("x", 60, now)] == [True, False]
    assert due("x", 60, now + dt.timedelta(seconds=30)) is False
    assert due("x", 60, now + dt.timedelta(seconds=61)) is True
    assert due("y", 60, now) is True  # each task has its own interval


def test_a_job_a_live_worker_runs_is_not_run_again(member, django_capture_on_commit_callbacks):
    """A task put back by mistake (its worker only looked dead) finds the job running under
    a live worker and leaves it; under a gone worker it takes the job over."""
    import os
    import socket

    from django.utils import timezone

    from cophub.jobs.models import WorkerBeat
    from cophub.jobs.runner import run_job

    live = f"{socket.gethostname()[:40]}:{os.getpid()}:abcdef"  # this very process
    WorkerBeat.objects.create(worker_id=live, host="h", pid=os.getpid(), beat_at=timezone.now())
    job = Job.objects.create(kind="tests.steps", owner=member, state="running", runner=live,
                             params={"steps": 1, "pause": 0})  # fmt: skip
    assert run_job.func(str(job.pk)) == "running elsewhere"
    assert Job.objects.get(pk=job.pk).state == "running"
    gone = f"{socket.gethostname()[:40]}:999999999:abcdef"  # no such process
    Job.objects.filter(pk=job.pk).update(runner=gone)
    assert run_job.func(str(job.pk)) == "done"


def test_the_same_job_asked_for_again_while_it_waits_is_the_same_job(member, other_organiser):
    first = job_start(actor=member, kind="tests.steps", params={"steps": 3, "pause": 0})
    again = job_start(actor=member, kind="tests.steps", params={"steps": 3, "pause": 0})
    other_params = job_start(actor=member, kind="tests.steps", params={"steps": 4, "pause": 0})
    someone_else = job_start(
        actor=other_organiser, kind="tests.steps", params={"steps": 3, "pause": 0}
    )
    assert again.pk == first.pk and len({first.pk, other_params.pk, someone_else.pk}) == 3
    Job.objects.filter(pk=first.pk).update(state="done")
    assert (
        job_start(actor=member, kind="tests.steps", params={"steps": 3, "pause": 0}).pk != first.pk
    )
