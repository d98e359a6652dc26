"""The report page, its API and the button on the program page."""

import ast
import importlib.util
from pathlib import Path

import pytest
from django.urls import reverse

from cophub.accounts.services import token_create
from cophub.jobs.models import Job
from cophub.reports.tests import reference as ref


def url(program, fmt=None):
    base = reverse("reports:program", args=[program.pk])
    return f"{base}?format={fmt}" if fmt else base


def test_any_member_reads_the_html_report(member_client, demo_program):
    response = member_client.get(url(demo_program, "html"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Content-Disposition"].startswith("inline")
    assert f"report-{demo_program.pk}-2561.html" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_file_format_on_the_page_offers_the_job_and_writes_nothing(
    member_client, demo_program, fmt
):
    response = member_client.get(url(demo_program, fmt))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "Content-Disposition" not in response
    page = response.content.decode()
    form = f'<form method="post" action="{reverse("reports:job", args=[demo_program.pk])}"'
    assert form in page and "csrfmiddlewaretoken" in page
    assert 'name="format" value="pdf"' in page and 'name="format" value="docx"' in page
    assert f'class="btn primary" name="format" value="{fmt}"' in page  # the one asked for
    assert "จัดทำอยู่เบื้องหลัง" in page and "รายงานผลการดำเนินงาน (PDF)" in page
    assert f'href="{url(demo_program)}"' in page  # the HTML stays one click away
    assert not Job.objects.exists()


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
    assert (
        member_client.get(f"{reverse('reports:program', args=[999999])}?format=pdf").status_code
        == 404
    )
    assert member_client.get(url(demo_program, "xlsx")).status_code == 404


def test_program_page_offers_the_report_and_its_files_as_jobs(member_client, demo_program):
    page = member_client.get(reverse("programs:detail", args=[demo_program.pk])).content.decode()
    assert f'href="{url(demo_program)}"' in page
    assert f'action="{reverse("reports:job", args=[demo_program.pk])}"' in page
    assert 'name="format" value="pdf"' in page and 'name="format" value="docx"' in page


def test_the_html_report_leads_back_to_the_program_and_to_its_files(member_client, demo_program):
    page = member_client.get(url(demo_program)).content.decode()
    back = reverse("programs:detail", args=[demo_program.pk])
    assert f'<a href="{back}" data-testid="report-back">← กลับไปที่โครงการ</a>' in page
    assert (
        f'href="{url(demo_program, "pdf")}"' in page
        and f'href="{url(demo_program, "docx")}"' in page
    )
    program_page = member_client.get(back).content.decode()
    assert "รายงานผลการดำเนินงาน (อ่านบนหน้าจอ)" in program_page


# --- API ---------------------------------------------------------------------------------
def api_url(program, fmt="html"):
    return f"/api/v1/programs/{program.pk}/report?format={fmt}"


def test_api_returns_the_html(member, demo_program, client):
    _, token = token_create(user=member, name="test")
    response = client.get(api_url(demo_program), HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert ref.squeeze(ref.OBJECTIVES[0]) in ref.squeeze(response.content.decode())


def test_html_is_the_api_default_for_a_session_user(member_client, demo_program):
    response = member_client.get(f"/api/v1/programs/{demo_program.pk}/report")
    assert response.status_code == 200
    assert response.content.startswith(b"<!DOCTYPE html>")


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_api_sends_a_file_format_to_the_job(member_client, demo_program, fmt):
    response = member_client.get(api_url(demo_program, fmt), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {
        "code": "report_use_job",
        "detail": "A PDF or Word report is written in the background: POST "
        f"/api/v1/programs/{demo_program.pk}/report-jobs and follow the job it returns.",
    }
    thai = member_client.get(api_url(demo_program, fmt)).json()["detail"]
    assert thai == (
        "รายงาน PDF หรือ Word จัดทำอยู่เบื้องหลัง: ส่ง POST ไปที่ "
        f"/api/v1/programs/{demo_program.pk}/report-jobs แล้วติดตามงาน (job) ที่ได้รับกลับมา"
    )
    assert not Job.objects.exists()


def test_api_needs_authentication(stranger_client, demo_program):
    assert stranger_client.get(api_url(demo_program)).status_code == 401


def test_api_unknown_program_and_format(member_client, demo_program):
    assert member_client.get("/api/v1/programs/999999/report").status_code == 404
    response = member_client.get(api_url(demo_program, "xlsx"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert response.json() == {
        "code": "invalid_request",
        "detail": "The request does not fit the API; nothing was done.",
        "errors": [{"path": "format", "message": "Input should be 'html', 'docx' or 'pdf'"}],
    }


def test_api_schema_lists_the_report_and_its_errors(member_client):
    schema = member_client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    report = paths["/api/v1/programs/{program_id}/report"]["get"]["responses"]
    assert set(report["200"]["content"]) == {"text/html"}
    job = paths["/api/v1/programs/{program_id}/report-jobs"]["post"]["responses"]
    assert job["202"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/JobStarted"
    }
    for responses in (report, job):
        for status in ("400", "401", "404", "422"):
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
