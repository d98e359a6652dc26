"""What kind of file a list is, and its rows of cells as text.

The content decides, not the name: a PDF renamed ``.xlsx`` is refused as a PDF, and a CSV
saved by older Thai Excel (Windows-874) reads as well as one in UTF-8.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from django.conf import settings

from cophub.core.errors import DomainError

MAX_ROWS = 20_000  # rows after the header; a list this long is several lists
HEAD_BYTES = 8192  # what the type is told from
# An XLSX is a zip of XML: refuse one that would unpack to more than this many times the
# upload limit (a "zip bomb"), before openpyxl unpacks anything.
MAX_UNPACKED_RATIO = 25
_DELIMITERS = (",", ";", "\t", "|")
# Control characters other than tab, CR and LF (and lone surrogates), looked for after
# Excel's _xHHHH_ escapes are decoded: _x000D_ is the carriage return of a cell with a line
# break, while _x0000_ is a NUL, which no database column can hold.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


@dataclass
class Table:
    """A sheet as rows of text cells; ``rows`` holds (row number as Excel shows it, cells)
    for every row with something in it."""

    format: str  # "xlsx" or "csv"
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    encoding: str = ""
    sheet: str = ""


def max_bytes() -> int:
    return settings.PARTICIPANT_IMPORT_MAX_MB * 1024 * 1024


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


def check_size(size: int) -> None:
    if size == 0:
        raise DomainError("import_empty_file")
    if size > max_bytes():
        raise DomainError(
            "import_too_large",
            {"size": _megabytes(size), "limit": settings.PARTICIPANT_IMPORT_MAX_MB},
        )


def sniff(head: bytes) -> str:
    """ "xlsx" or "csv" from a file's first bytes; a domain error for anything else."""
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise DomainError("import_old_excel")  # the OLE container of .xls (and .doc)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "csv"  # Excel's "Unicode text": UTF-16, tab-separated
    if b"\x00" in head or head.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        raise DomainError("import_wrong_type")
    if head.lstrip()[:1] == b"<":
        raise DomainError("import_wrong_type")  # HTML or XML (an "Excel" saved as web page)
    return "csv"


def read_table(fh: BinaryIO, *, size: int) -> Table:
    """The rows of the file open in ``fh`` (binary, seekable)."""
    check_size(size)
    head = fh.read(HEAD_BYTES)
    fh.seek(0)
    if not head.strip(b" \t\r\n,;\xef\xbb\xbf"):
        raise DomainError("import_empty_file")
    kind = sniff(head)
    table = _read_xlsx(fh) if kind == "xlsx" else _read_csv(fh.read())
    if not table.rows:
        raise DomainError("import_empty_file")
    if len(table.rows) > MAX_ROWS + 10:
        raise DomainError("import_too_many_rows", {"max": MAX_ROWS})
    return table


# --- text --------------------------------------------------------------------------
def decode(data: bytes) -> tuple[str, str]:
    """The text and its encoding: UTF-8 (with or without BOM) when it decodes strictly,
    UTF-16 when it says so, else Windows-874 (TIS-620 with Microsoft's additions)."""
    if data.startswith(b"\xef\xbb\xbf"):
        encodings = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    else:
        # Thai in UTF-8 is three bytes a letter, which Windows-874 text is never valid
        # as; so a strict UTF-8 decode that succeeds is UTF-8.
        encodings = ("utf-8", "cp874")
    for encoding in encodings:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise DomainError("import_encoding")


def _delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most, equally many, columns."""
    sample = [line for line in text[:65536].splitlines() if line.strip()][:20]
    best, best_score = ",", (0, 0)
    for delimiter in _DELIMITERS:
        widths = [len(r) for r in csv.reader(sample, delimiter=delimiter)]
        if not widths:
            continue
        common = max(set(widths), key=widths.count)
        score = (widths.count(common) if common > 1 else 0, common)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(data: bytes) -> Table:
    text, encoding = decode(data)
    if "\x00" in text:
        raise DomainError("import_wrong_type")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    table = Table("csv", encoding=encoding)
    try:
        for number, cells in enumerate(reader, start=1):
            _keep(table, number, _checked([c.strip() for c in cells], number))
    except csv.Error as exc:
        raise DomainError("import_unreadable") from exc
    return table


# --- spreadsheets ------------------------------------------------------------------
def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        from openpyxl.utils.escape import unescape

        # openpyxl's read-only sheets leave Excel's escapes as written: "_x000D_" is a
        # line break, and text that reads "_x000D_" was written "_x005F_x000D_".
        return unescape(value).strip()
    return str(value).strip()


def _checked(cells: list[str], number: int) -> list[str]:
    from openpyxl.utils import get_column_letter

    for index, text in enumerate(cells):
        if _CONTROL.search(text):
            cell = f"{get_column_letter(index + 1)}{number}"
            raise DomainError("import_control_character", {"cell": cell})
    return cells


def _keep(table: Table, number: int, cells: list[str]) -> None:
    while cells and not cells[-1]:
        cells.pop()
    if cells:
        table.rows.append((number, cells))


def _read_xlsx(fh: BinaryIO) -> Table:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(fh) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise DomainError("import_unreadable") from exc
    if "xl/workbook.xml" not in names:
        raise DomainError("import_wrong_type")  # a .docx, an .ods, any other zip
    if unpacked > MAX_UNPACKED_RATIO * max_bytes():
        raise DomainError("import_unreadable")
    fh.seek(0)
    try:
        workbook = load_workbook(fh, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise DomainError("import_unreadable") from exc
    try:
        sheets = [workbook.active, *(ws for ws in workbook.worksheets if ws is not workbook.active)]
        for sheet in sheets:
            if sheet is None or not hasattr(sheet, "iter_rows"):
                continue  # a chart sheet
            table = Table("xlsx", sheet=sheet.title)
            try:
                for number, values in _numbered_rows(sheet):
                    _keep(table, number, _checked([_cell_text(v) for v in values], number))
                    if len(table.rows) > MAX_ROWS + 10:
                        break
            except DomainError:
                raise
            except Exception as exc:  # a damaged sheet inside a sound zip
                raise DomainError("import_unreadable") from exc
            if table.rows:
                return table
        return Table("xlsx")
    finally:
        workbook.close()


def _numbered_rows(sheet) -> Iterator[tuple[int, tuple]]:
    """Each row with its number: read-only sheets skip rows the file leaves out."""
    for row in sheet.iter_rows():
        number = next((c.row for c in row if getattr(c, "row", None)), None)
        if number is not None:
            yield number, tuple(getattr(c, "value", None) for c in row)
