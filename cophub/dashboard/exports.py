"""The dashboard's tables as XLSX: one sheet per table, the page's headings (in the screen
language, Thai by default), numbers as numbers (years as plain integers, rates and means
with two decimals), with the participant list's cell rule (text that could start a
formula stays text; ``participants.exports``)."""

from __future__ import annotations

import io
import re
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from cophub.dashboard.tables import Table
from cophub.participants.exports import XLSX
from cophub.participants.exports import _put as put_cell

__all__ = ["XLSX", "tables_xlsx"]

_BOLD = Font(name="Tahoma", size=10, bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDE6F0")
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(title: str, taken: set[str]) -> str:
    base = _SHEET_UNSAFE.sub(" ", title)[:31].strip() or "Sheet"  # Excel allows 31
    name, n = base, 2
    while name in taken:
        name, n = f"{base[:28]} {n}", n + 1
    taken.add(name)
    return name


def tables_xlsx(tables: list[Table], *, title: str) -> bytes:
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for table in tables:
        sheet = book.create_sheet(_sheet_title(table.title, taken))
        for col, column in enumerate(table.columns, 1):
            put_cell(sheet, 1, col, column.title, _BOLD).fill = _HEAD_FILL
            sheet.column_dimensions[get_column_letter(col)].width = (
                40 if column.kind == "text" and col <= 2 else max(12, len(column.title) + 2)
            )
        for n, cells in enumerate(table.rows, 2):
            for col, (cell, column) in enumerate(zip(cells, table.columns, strict=True), 1):
                value = cell.value
                if isinstance(value, Decimal):
                    value = float(value)
                if value is None:  # no figure: an empty cell, not a zero
                    continue
                written = put_cell(sheet, n, col, value)
                if column.kind == "decimal":
                    written.number_format = "0.00"
        sheet.freeze_panes = "B2"
    book.properties.title = title[:250]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
