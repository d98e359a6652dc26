"""Every answer as CSV or XLSX, written by a job: who may start one, and what it gives."""

import io
import uuid

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cophub.jobs.models import Job
from cophub.surveys.services import survey_submit
from cophub.testing import all_likert


@pytest.fixture
def answered(survey):
    for i in range(3):
        survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert(i + 3, comment=f"=ความเห็น {i}"))
    return survey


def start(client, survey, fmt, capture):
    with capture(execute=True):
        return client.post(reverse("surveys:export_job", args=[survey.activity_id]), {"format": fmt})


def download(client, job) -> bytes:
    response = client.get(reverse("jobs:result", kwargs={"job_id": job.pk}))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_organiser_exports_every_answer_to_excel_and_csv(
    answered, organiser_client, django_capture_on_commit_callbacks
):
    response = start(organiser_client, answered, "xlsx", django_capture_on_commit_callbacks)
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", kwargs={"job_id": job.pk})
    assert (job.kind, job.state, job.subject) == ("surveys.export", "done", answered.activity.title)
    assert (job.done, job.total) == (3, 3)
    sheet = load_workbook(io.BytesIO(download(organiser_client, job))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 4 and rows[1][0] is not None
    assert "'=ความเห็น 0" in rows[1]  # a comment never runs as a formula
    start(organiser_client, answered, "csv", django_capture_on_commit_callbacks)
    csv_job = Job.objects.exclude(pk=job.pk).get()
    body = download(organiser_client, csv_job)
    assert body.startswith("\ufeff".encode()) and body.decode("utf-8-sig").count("\n") == 4


def test_a_member_a_stranger_and_another_programs_organiser_are_refused(
    answered, member_client, stranger_client, other_client
):
    url = reverse("surveys:export_job", args=[answered.activity_id])
    assert member_client.post(url, {"format": "csv"}).status_code == 403
    assert other_client.post(url, {"format": "csv"}).status_code == 403
    response = stranger_client.post(url, {"format": "csv"})
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert not Job.objects.exists()


def test_unknown_format_or_a_get_starts_nothing(organiser_client, answered):
    url = reverse("surveys:export_job", args=[answered.activity_id])
    assert organiser_client.post(url, {"format": "pdf"}).status_code == 404
    assert organiser_client.get(url).status_code == 405
    assert not Job.objects.exists()
