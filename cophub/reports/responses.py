"""The report as an HTTP response, the same for the page and the API."""

from __future__ import annotations

from django.http import HttpResponse

from cophub.reports.formats import Rendered


def report_response(rendered: Rendered, fmt: str) -> HttpResponse:
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    # A browser shows HTML and PDF itself; a DOCX opens in an office program after download.
    disposition = "inline" if fmt in ("html", "pdf") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{rendered.filename}"'
    # A report names people's organisations and survey results: no shared caches.
    response["Cache-Control"] = "private, no-store"
    return response
