"""The annual report over the JSON API: the file itself, in the format asked for."""

from __future__ import annotations

from typing import Literal

from ninja import Router

from cophub.core.errors import DomainError
from cophub.programs.models import Program
from cophub.reports.services import program_report_file
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
