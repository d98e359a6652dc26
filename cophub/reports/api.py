"""The annual report over the JSON API: HTML at once; DOCX and PDF through a job."""

from __future__ import annotations

from typing import Literal

from ninja import Router, Schema

from cophub.core.errors import DomainError
from cophub.core.schemas import Error
from cophub.jobs.api import JobStarted, started
from cophub.programs.models import Program
from cophub.reports.formats import CONTENT_TYPES, program_report_file
from cophub.reports.responses import report_response
from cophub.reports.services import report_job_start

router = Router()

# The 200 body is an HTML page, not JSON; ninja passes an HttpResponse through untouched.
HTML_RESPONSE = {
    "description": "The report as HTML",
    "content": {CONTENT_TYPES["html"].split(";")[0]: {}},
}


@router.get(
    "/programs/{int:program_id}/report",
    response={400: Error, 401: Error, 404: Error, 422: Error},
    summary="A program's annual report as HTML (DOCX and PDF: POST …/report-jobs)",
    openapi_extra={"responses": {"200": HTML_RESPONSE}},
)
def program_report(request, program_id: int, format: Literal["html", "docx", "pdf"] = "html"):
    if format != "html":
        # A format we make, just not inside a GET: say where it comes from instead of 422.
        raise DomainError("report_use_job", {"program_id": program_id})
    try:
        rendered = program_report_file(program_id=program_id, fmt=format)
    except Program.DoesNotExist as exc:
        raise DomainError("not_found") from exc
    return report_response(rendered, format)


class ReportJobIn(Schema):
    format: Literal["html", "docx", "pdf"] = "pdf"


@router.post(
    "/programs/{int:program_id}/report-jobs",
    response={202: JobStarted, 400: Error, 401: Error, 404: Error, 422: Error},
    summary="Start writing a program's report; the job's result is the file",
)
def program_report_job(request, program_id: int, payload: ReportJobIn):
    return started(report_job_start(actor=request.auth, program_id=program_id, fmt=payload.format))
