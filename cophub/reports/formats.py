"""The report laid out in a format: HTML, DOCX or PDF bytes from one computed model.

Presentation only: `document.build` says what the report says, this module picks the
writer (the Django template, `word.py`, `pdf.py`) and names the file. Writes (starting a
report job) are in `services.py`; the HTTP response is in `responses.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.urls import reverse

from cophub.reports import document
from cophub.reports.blocks import Block
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


def render_html(report: Report, blocks: list[Block]) -> bytes:
    title = " ".join(blocks[0].lines)
    context = {
        "blocks": blocks,
        "title": title,
        # The way back to the program and to the other formats (hidden in print).
        "program_url": reverse("programs:detail", args=[report.program_id]),
        "report_url": reverse("reports:program", args=[report.program_id]),
    }
    return render_to_string("reports/report.html", context).encode()


def render(report: Report, fmt: str) -> Rendered:
    """The report in ``fmt`` (one of FORMATS)."""
    blocks = document.build(report)
    if fmt == "html":
        content = render_html(report, blocks)
    elif fmt == "docx":
        # python-docx and Typst load only when someone asks for their format.
        from cophub.reports.word import render_docx

        content = render_docx(report, blocks)
    elif fmt == "pdf":
        from cophub.reports.pdf import render_pdf

        content = render_pdf(report, blocks)
    else:
        raise ValueError(fmt)
    filename = f"report-{report.program_id}-{report.fiscal_year}.{fmt}"
    return Rendered(content, CONTENT_TYPES[fmt], filename)


def render_blocks(
    blocks: list[Block], fmt: str, *, filename: str, back_url: str = "", back_label: str = ""
) -> Rendered:
    """Any report's blocks (the KM plan's progress report, say) in ``fmt``, by the same
    writers: they read nothing but the blocks. ``filename`` without its extension."""
    if fmt == "html":
        context = {
            "blocks": blocks, "title": " ".join(blocks[0].lines),
            "back_url": back_url, "back_label": back_label,
        }  # fmt: skip
        content = render_to_string("reports/report.html", context).encode()
    elif fmt == "docx":
        from cophub.reports.word import render_docx

        content = render_docx(None, blocks)
    elif fmt == "pdf":
        from cophub.reports.pdf import render_pdf

        content = render_pdf(None, blocks)
    else:
        raise ValueError(fmt)
    return Rendered(content, CONTENT_TYPES[fmt], f"{filename}.{fmt}")


def program_report_file(*, program_id: int, fmt: str) -> Rendered:
    """Raises Program.DoesNotExist for an unknown program; each caller says it its own way."""
    return render(program_report(program_id=program_id), fmt)
