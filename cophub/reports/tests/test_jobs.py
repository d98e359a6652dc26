"""The report written by a job: from the program page and through the API."""

import io

import pytest
from django.urls import reverse
from docx import Document

from cophub.accounts.services import token_create
from cophub.jobs.models import Job
from cophub.reports.tests import reference as ref


def start_from_page(client, program, fmt, capture):
    with capture(execute=True):
        return client.post(reverse("reports:job", args=[program.pk]), {"format": fmt})


def test_page_button_writes_the_pdf_and_links_it(
    member, member_client, demo_program, django_capture_on_commit_callbacks
):
    response = start_from_page(
        member_client, demo_program, "pdf", django_capture_on_commit_callbacks
    )
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", kwargs={"job_id": job.pk})
    assert (job.owner, job.kind, job.params) == (
        member, "reports.report", {"program_id": demo_program.pk, "format": "pdf"},
    )  # fmt: skip
    assert (job.state, job.done, job.total, job.attempts) == ("done", 2, 2, 1)
    page = member_client.get(response["Location"]).content.decode()
    result = reverse("jobs:result", kwargs={"job_id": job.pk})
    assert f'href="{result}"' in page and "hx-get" not in page  # finished: no more polling
    back = reverse("programs:detail", args=[demo_program.pk])
    assert f'<a href="{back}">← {demo_program.title}</a>' in page
    pdf = member_client.get(result)
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert f"report-{demo_program.pk}-2561.pdf" in pdf["Content-Disposition"]


def test_unknown_format_or_program_starts_nothing(member_client, demo_program):
    assert (
        member_client.post(
            reverse("reports:job", args=[demo_program.pk]), {"format": "xlsx"}
        ).status_code
        == 404
    )
    assert (
        member_client.post(reverse("reports:job", args=[999999]), {"format": "pdf"}).status_code
        == 404
    )
    assert member_client.get(reverse("reports:job", args=[demo_program.pk])).status_code == 405
    assert not Job.objects.exists()


def test_stranger_cannot_start_a_report_job(stranger_client, demo_program):
    response = stranger_client.post(
        reverse("reports:job", args=[demo_program.pk]), {"format": "pdf"}
    )
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert not Job.objects.exists()


@pytest.fixture
def member_token(member):
    return token_create(user=member, name="test")[1]


def test_api_answers_202_with_the_job_and_the_job_gives_the_file(
    member, member_token, member_client, demo_program, client, django_capture_on_commit_callbacks
):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {member_token}"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/programs/{demo_program.pk}/report-jobs", {"format": "docx"},
            content_type="application/json", **auth,
        )  # fmt: skip
    assert response.status_code == 202, response.content
    job = response.json()["job"]
    assert set(job) == {"id", "state", "progress", "url"}
    assert job["url"] == f"/api/v1/jobs/{job['id']}"
    status = client.get(job["url"], **auth).json()
    assert status == {
        "id": job["id"], "state": "done", "progress": {"done": 2, "total": 2},
        "result_url": f"/jobs/{job['id']}/result", "error": None,
    }  # fmt: skip
    result = member_client.get(status["result_url"])
    assert result.status_code == 200
    assert f"report-{demo_program.pk}-2561.docx" in result["Content-Disposition"]
    doc = Document(io.BytesIO(b"".join(result.streaming_content)))
    assert f"๑)\t{ref.OBJECTIVES[0]}" in [p.text for p in doc.paragraphs]


@pytest.mark.parametrize(
    ("body", "status", "expected"),
    [
        ('{"format": "xlsx"}', 422, {
            "code": "invalid_request",
            "detail": "The request does not fit the API; nothing was done.",
            "errors": [{"path": "format", "message": "Input should be 'html', 'docx' or 'pdf'"}],
        }),
        ("", 422, {
            "code": "invalid_request",
            "detail": "The request does not fit the API; nothing was done.",
            "errors": [{"path": "", "message": "Field required"}],
        }),
        ("{oops", 400, {
            "code": "unreadable_request", "detail": "The request body is not valid JSON.",
        }),
    ],
)  # fmt: skip
def test_api_bad_requests_start_nothing_and_say_why(
    member_token, demo_program, client, body, status, expected
):
    response = client.post(
        f"/api/v1/programs/{demo_program.pk}/report-jobs", body, content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {member_token}", HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.status_code == status
    assert response.json() == expected
    assert not Job.objects.exists()
