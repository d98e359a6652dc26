"""The annual report over the JSON API: the file itself, in the format asked for."""

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

# The 200 body is a file, not JSON; ninja passes an HttpResponse through untouched.
FILE_RESPONSE = {
    "description": "The report file",
    "content": {content_type.split(";")[0]: {} for content_type in CONTENT_TYPES.values()},
}


@router.get(
    "/programs/{int:program_id}/report",
    response={401: Error, 404: Error},
    summary="A program's annual report (HTML, DOCX or PDF)",
    openapi_extra={"responses": {"200": FILE_RESPONSE}},
)
def program_report(request, program_id: int, format: Literal["html", "docx", "pdf"] = "pdf"):
    try:
        rendered = program_report_file(program_id=program_id, fmt=format)
    except Program.DoesNotExist as exc:
        raise DomainError("not_found") from exc
    return report_response(rendered, format)


class ReportJobIn(Schema):
    format: Literal["html", "docx", "pdf"] = "pdf"


@router.post(
    "/programs/{int:program_id}/report-jobs",
    response={202: JobStarted, 401: Error, 404: Error},
    summary="Start writing a program's report; the job's result is the file",
)
def program_report_job(request, program_id: int, payload: ReportJobIn):
    return started(report_job_start(actor=request.auth, program_id=program_id, fmt=payload.format))
