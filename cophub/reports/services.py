"""Writing a program's report in a format: HTML, DOCX or PDF, from one computed model."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string

from cophub.accounts.models import User
from cophub.core.errors import DomainError
from cophub.jobs.models import Job
from cophub.jobs.services import job_start
from cophub.programs.models import Program
from cophub.reports import document
from cophub.reports.selectors import Report, program_report

FORMATS = ("html", "docx", "pdf")
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@dataclass(frozen=True)
class Rendered:
    content: bytes
    content_type: str
    filename: str


def render_html(report: Report, blocks: list[document.Block]) -> bytes:
    title = " ".join(blocks[0].lines)
    return render_to_string("reports/report.html", {"blocks": blocks, "title": title}).encode()


def render(report: Report, fmt: str) -> Rendered:
    """The report in ``fmt`` (one of FORMATS)."""
    blocks = document.build(report)
    if fmt == "html":
        content = render_html(report, blocks)
    elif fmt == "docx":
        from cophub.reports.word import render_docx

        content = render_docx(report, blocks)
    elif fmt == "pdf":
        from cophub.reports.pdf import render_pdf

        content = render_pdf(report, blocks)
    else:
        raise ValueError(fmt)
    filename = f"report-{report.program_id}-{report.fiscal_year}.{fmt}"
    return Rendered(content, CONTENT_TYPES[fmt], filename)


def program_report_file(*, program_id: int, fmt: str) -> Rendered:
    return render(program_report(program_id=program_id), fmt)


def report_job_start(*, actor: User, program_id: int, fmt: str) -> Job:
    """Start writing the report in the background. Anyone logged in may read a program,
    so anyone logged in may have its report written."""
    if fmt not in FORMATS:
        raise DomainError("report_unknown_format")
    if not Program.objects.filter(pk=program_id).exists():
        raise DomainError("not_found")
    return job_start(actor=actor, kind="reports.report", params={"program_id": program_id, "format": fmt})
