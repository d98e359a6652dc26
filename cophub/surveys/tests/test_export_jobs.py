"""Every answer as CSV or XLSX, written by a job: who may start one, and what it gives."""

import csv
import io
import json
import uuid

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse
from openpyxl import load_workbook

from cophub.jobs.models import Job
from cophub.surveys.models import Response
from cophub.surveys.services import survey_submit
from cophub.testing import all_likert


@pytest.fixture
def answered(survey):
    for i in range(3):
        survey_submit(
            survey=survey,
            client_id=uuid.uuid4(),
            answers=all_likert(i + 3, comment=f"=ความเห็น {i}"),
        )
    return survey


def start(client, survey, fmt, capture):
    with capture(execute=True):
        return client.post(
            reverse("surveys:export_job", args=[survey.activity_id]), {"format": fmt}
        )


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


def rows_of_csv(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_exports_open_in_excel(organiser_client, survey, django_capture_on_commit_callbacks):
    survey_submit(
        survey=survey, client_id=uuid.uuid4(), answers=all_likert(5, comment='=HYPERLINK("x") ดีมาก')
    )
    start(organiser_client, survey, "csv", django_capture_on_commit_callbacks)
    csv_job = Job.objects.get()
    assert csv_job.result_name == f"survey-{survey.activity_id}-responses.csv"
    raw = download(organiser_client, csv_job)
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8 Thai
    rows = rows_of_csv(raw)
    assert rows[0][3].startswith("org_type") and len(rows) == 2
    assert rows[1][-1] == '\'=HYPERLINK("x") ดีมาก'  # never a live formula
    start(organiser_client, survey, "xlsx", django_capture_on_commit_callbacks)
    xlsx_job = Job.objects.exclude(pk=csv_job.pk).get()
    sheet = load_workbook(io.BytesIO(download(organiser_client, xlsx_job))).active
    assert sheet.cell(row=2, column=4 + 2).value == 5  # q1 after org_type, area
    assert sheet.cell(row=2, column=sheet.max_column).value == '\'=HYPERLINK("x") ดีมาก'


def test_control_characters_never_break_the_xlsx_export(
    organiser_client, survey, django_capture_on_commit_callbacks
):
    response = Client().post(
        f"/api/v1/s/{survey.token}/responses",
        json.dumps({"client_id": str(uuid.uuid4()), "answers": all_likert(5, comment="ดีมาก\u001bครับ\u0007")}),
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201
    assert Response.objects.get().answers["comment"] == "ดีมากครับ"
    Response.objects.update(
        answers={**all_likert(5), "comment": "แถวเก่า\u001b"}
    )  # a row stored earlier
    start(organiser_client, survey, "xlsx", django_capture_on_commit_callbacks)
    job = Job.objects.get()
    assert job.state == "done"
    sheet = load_workbook(io.BytesIO(download(organiser_client, job))).active
    assert sheet.cell(row=2, column=sheet.max_column).value == "แถวเก่า"


def test_a_facilitator_exports_from_the_results_page(
    client, facilitator, answered, django_capture_on_commit_callbacks
):
    from cophub.testing import join_team

    join_team(answered.activity.program, facilitator)
    client.force_login(facilitator)
    page = client.get(reverse("surveys:results", args=[answered.activity_id])).content.decode()
    action = reverse("surveys:export_job", args=[answered.activity_id])
    assert f'action="{action}"' in page
    assert 'name="format" value="xlsx"' in page and 'name="format" value="csv"' in page
    start(client, answered, "csv", django_capture_on_commit_callbacks)
    job = Job.objects.get()
    assert (job.owner, job.state) == (facilitator, "done")
    assert len(rows_of_csv(download(client, job))) == 4


def test_no_get_writes_the_answers_in_the_request(organiser_client, answered):
    """The files come only from the job: the old synchronous addresses are gone."""
    for kind in ("csv", "xlsx"):
        with pytest.raises(NoReverseMatch):
            reverse(f"surveys:export_{kind}", args=[answered.activity_id])
        path = f"/activities/{answered.activity_id}/survey/responses.{kind}"
        assert organiser_client.get(path).status_code == 404
    assert not Job.objects.exists()
