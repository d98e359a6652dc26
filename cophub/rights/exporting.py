"""A person's copy of their data: one document from every registered section, as JSON
(for machines, PDPA s. 31's "commonly used, machine-readable") and XLSX (one sheet a
section, for people)."""

from __future__ import annotations

import io
import json

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from cophub.rights import registry
from cophub.rights.subject import Subject

_FORMULA_START = ("=", "+", "-", "@")
_FONT = Font(name="Tahoma", size=10)
_BOLD = Font(name="Tahoma", size=10, bold=True)


def document(subject: Subject) -> dict:
    return {
        "person_id": subject.person.pk,
        "made_at": timezone.now().isoformat(),
        "sections": [
            {"name": s.name, "title": str(s.title), "rows": s.export(subject)}
            for s in registry.for_export()
        ],
    }


def as_json(doc: dict) -> bytes:
    return json.dumps(doc, ensure_ascii=False, indent=1).encode()


def _cell_value(value):
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def as_xlsx(doc: dict) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for part in doc["sections"]:
        sheet = book.create_sheet(part["title"][:31])
        columns = list(dict.fromkeys(k for row in part["rows"] for k in row))
        for c, name in enumerate(columns, start=1):
            sheet.cell(row=1, column=c, value=name).font = _BOLD
        for r, row in enumerate(part["rows"], start=2):
            for c, name in enumerate(columns, start=1):
                cell = sheet.cell(row=r, column=c)
                value = _cell_value(row.get(name))
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"  # text that starts like a formula stays text
                    cell.quotePrefix = value.startswith(_FORMULA_START)
                cell.font = _FONT
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def render(subject: Subject, fmt: str) -> bytes:
    doc = document(subject)
    return as_xlsx(doc) if fmt == "xlsx" else as_json(doc)
