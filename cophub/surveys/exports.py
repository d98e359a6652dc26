"""Raw responses as CSV (UTF-8 with a BOM, so Excel reads Thai) and XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from cophub.surveys.models import Question, Response, Survey

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Progress = Callable[[int, int], None]  # (done, total) answers written
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _columns(survey: Survey) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for q in Question.objects.filter(version__survey=survey).order_by(
        "version__number", "position"
    ):
        seen[q.code] = q.text
    return list(seen.items())


def _cell(value) -> str | int:
    if isinstance(value, list):
        value = "; ".join(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # older rows may hold what XLSX refuses
        if value.startswith(_FORMULA_START):
            return "'" + value  # never let a comment run as a spreadsheet formula
    return value if value is not None else ""


def _rows(survey: Survey, progress: Progress | None = None):
    columns = _columns(survey)
    yield ["response", "version", "submitted_at", *[f"{code}: {text}" for code, text in columns]]
    responses = Response.objects.filter(survey=survey).select_related("version").order_by("pk")
    total = responses.count() if progress else 0
    # An attendees-only survey keeps the day of an answer only (services.day_of).
    stamp = "%Y-%m-%d" if survey.attendees_only else "%Y-%m-%d %H:%M:%S"
    for n, r in enumerate(responses.iterator(chunk_size=2000), 1):
        if progress and (n % 2000 == 0 or n == total):
            progress(n, total)
        submitted = timezone.localtime(r.submitted_at).strftime(stamp)
        yield [
            r.pk,
            r.version.number,
            submitted,
            *[_cell(r.answers.get(code)) for code, _ in columns],
        ]


def responses_csv(survey: Survey, progress: Progress | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in _rows(survey, progress):
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def responses_xlsx(survey: Survey, progress: Progress | None = None) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("responses")
    for row in _rows(survey, progress):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
