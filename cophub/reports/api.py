"""The annual report over the JSON API: the file itself, in the format asked for."""

from __future__ import annotations

from typing import Literal

from ninja import Router, Schema

from cophub.core.errors import DomainError
from cophub.jobs.api import JobStarted, started
from cophub.programs.models import Program
from cophub.reports.services import program_report_file, report_job_start
from cophub.reports.views import report_response

router = Router()


@router.get(
    "/programs/{int:program_id}/report",
    summary="A program's annual report (HTML, DOCX or PDF)",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The report file",
                "content": {
                    "text/html": {},
                    "application/pdf": {},
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {},
                },
            }
        }
    },
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
    response={202: JobStarted},
    summary="Start writing a program's report; the job's result is the file",
)
def program_report_job(request, program_id: int, payload: ReportJobIn):
    return started(report_job_start(actor=request.auth, program_id=program_id, fmt=payload.format))
