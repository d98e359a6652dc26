"""The report page, its API and the button on the program page."""

import ast
import importlib.util
import io
from pathlib import Path

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


def test_api_schema_lists_the_report_and_its_errors(member_client):
    schema = member_client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    report = paths["/api/v1/programs/{program_id}/report"]["get"]["responses"]
    assert set(report["200"]["content"]) == {
        "text/html", "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }  # fmt: skip
    job = paths["/api/v1/programs/{program_id}/report-jobs"]["post"]["responses"]
    for responses in (report, job):
        for status in ("401", "404"):
            body = responses[status]["content"]["application/json"]["schema"]
            assert body == {"$ref": "#/components/schemas/Error"}, status


def test_api_errors_have_the_declared_shape(member_client, stranger_client, demo_program):
    missing = member_client.get("/api/v1/programs/999999/report").json()
    assert missing["code"] == "not_found" and missing["detail"]
    started = member_client.post(
        "/api/v1/programs/999999/report-jobs", {"format": "pdf"}, content_type="application/json"
    )
    assert started.status_code == 404 and started.json()["code"] == "not_found"
    assert stranger_client.get(api_url(demo_program)).json()["code"] == "unauthenticated"


def imported_modules(module: str) -> set[str]:
    source = Path(importlib.util.find_spec(module).origin).read_text()
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_api_and_page_share_the_response_and_services_only_write():
    """The API never goes through the page's module; services hold no layout."""
    assert "cophub.reports.views" not in imported_modules("cophub.reports.api")
    assert "cophub.reports.responses" in imported_modules("cophub.reports.api")
    assert "cophub.reports.responses" in imported_modules("cophub.reports.views")
    layout = {"cophub.reports.document", "cophub.reports.word", "cophub.reports.pdf",
              "django.template.loader", "django.http"}  # fmt: skip
    assert not layout & imported_modules("cophub.reports.services")
    assert "cophub.reports.formats" in imported_modules("cophub.reports.jobs")
