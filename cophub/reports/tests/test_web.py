"""The report page, its API and the button on the program page."""

import io

import pytest
from django.urls import reverse
from docx import Document

from cophub.accounts.services import token_create
from cophub.reports.tests import reference as ref


def url(program, fmt=None):
    base = reverse("reports:program", args=[program.pk])
    return f"{base}?format={fmt}" if fmt else base


@pytest.mark.parametrize(
    ("fmt", "content_type", "disposition"),
    [
        ("html", "text/html; charset=utf-8", "inline"),
        ("pdf", "application/pdf", "inline"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "attachment"),
    ],
)  # fmt: skip
def test_any_member_downloads_the_report(
    member_client, demo_program, fmt, content_type, disposition
):
    response = member_client.get(url(demo_program, fmt))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith(disposition)
    assert f"report-{demo_program.pk}-2561.{fmt}" in response["Content-Disposition"]


def test_html_is_the_default(member_client, demo_program):
    response = member_client.get(url(demo_program))
    assert ref.squeeze(ref.ACTIVITIES[0]) in ref.squeeze(
        response.content.decode().replace("<span>", "").replace("</span>", "")
    )


def test_stranger_is_sent_to_log_in(stranger_client, demo_program):
    response = stranger_client.get(url(demo_program, "pdf"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_unknown_program_or_format_is_404(member_client, demo_program):
    assert member_client.get(reverse("reports:program", args=[999999])).status_code == 404
    assert member_client.get(url(demo_program, "xlsx")).status_code == 404


def test_program_page_offers_the_report_and_its_files_as_jobs(member_client, demo_program):
    page = member_client.get(reverse("programs:detail", args=[demo_program.pk])).content.decode()
    assert f'href="{url(demo_program)}"' in page
    assert f'action="{reverse("reports:job", args=[demo_program.pk])}"' in page
    assert 'name="format" value="pdf"' in page and 'name="format" value="docx"' in page


# --- API ---------------------------------------------------------------------------------
def api_url(program, fmt="pdf"):
    return f"/api/v1/programs/{program.pk}/report?format={fmt}"


def test_api_returns_the_docx(member, demo_program, client):
    _, token = token_create(user=member, name="test")
    response = client.get(api_url(demo_program, "docx"), HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    assert ref.OBJECTIVES[0] in [p.text for p in doc.paragraphs]


def test_api_pdf_for_a_session_user(member_client, demo_program):
    response = member_client.get(api_url(demo_program))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_api_needs_authentication(stranger_client, demo_program):
    assert stranger_client.get(api_url(demo_program)).status_code == 401


def test_api_unknown_program_and_format(member_client, demo_program):
    assert member_client.get("/api/v1/programs/999999/report").status_code == 404
    assert member_client.get(api_url(demo_program, "xlsx")).status_code == 422


def test_api_schema_lists_the_report(member_client):
    schema = member_client.get("/api/v1/openapi.json").json()
    assert "/api/v1/programs/{program_id}/report" in schema["paths"]
