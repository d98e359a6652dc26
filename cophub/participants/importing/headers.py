"""Which column holds what: the header row, in Thai or English, in any order, anywhere in
the first rows (Thai sheets often open with a title row or two)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cophub.core.errors import DomainError
from cophub.core.thai import arabic_digits

HEADER_SEARCH_ROWS = 10

# field → the ways a header names it, compared as header_key() makes them.
ALIASES = {
    "seq": ("ลำดับ", "ลำดับที่", "ที่", "no", "number", "#", "seq", "item"),
    "title": (
        "คำนำหน้า", "คำนำหน้าชื่อ", "คำนำหน้านาม", "ยศ", "ยศคำนำหน้า", "คำนำหน้ายศ",
        "title", "prefix", "salutation",
    ),
    "first": ("ชื่อ", "ชื่อจริง", "firstname", "first", "givenname", "forename"),
    "last": ("นามสกุล", "สกุล", "lastname", "surname", "familyname"),
    "full": (
        "ชื่อสกุล", "ชื่อนามสกุล", "ชื่อและนามสกุล", "ชื่อนามสกุลผู้เข้าร่วม", "คำนำหน้าชื่อสกุล",
        "คำนำหน้าชื่อนามสกุล", "ชื่อผู้เข้าร่วม", "รายชื่อ", "fullname", "name", "participant",
    ),
    "position": ("ตำแหน่ง", "ตำแหน่งงาน", "position", "jobtitle", "role"),
    "organization": (
        "หน่วยงาน", "สังกัด", "หน่วยงานสังกัด", "หน่วยงานที่สังกัด", "ส่วนราชการ", "กรม",
        "สำนักกอง", "organisation", "organization", "department", "agency", "office",
    ),
    "province": ("จังหวัด", "province"),
    "email": ("อีเมล", "อีเมล์", "อีเมลล์", "email", "mail", "emailaddress"),
    "phone": (
        "โทรศัพท์", "เบอร์โทร", "เบอร์โทรศัพท์", "หมายเลขโทรศัพท์", "โทร", "มือถือ",
        "เบอร์มือถือ", "โทรศัพท์มือถือ", "phone", "tel", "telephone", "mobile", "phonenumber",
    ),
}  # fmt: skip
FIELD_LABELS = {
    "seq": _("No."),
    "title": pgettext_lazy("name prefix", "Title"),
    "first": _("First name"),
    "last": _("Last name"),
    "full": _("Full name"),
    "position": _("Position"),
    "organization": _("Organisation"),
    "province": _("Province"),
    "email": _("E-mail"),
    "phone": _("Telephone"),
}
_KEY_DROP = re.compile(r"[\s.\-–—_/\\()\[\]*:：,]+")
_LOOKUP = {alias: name for name, aliases in ALIASES.items() for alias in aliases}


def header_key(text: str) -> str:
    """ชื่อ - สกุล, ชื่อ–สกุล, "E-mail:" → ชื่อสกุล, email."""
    return _KEY_DROP.sub("", arabic_digits(text or "").replace("\u200b", "").casefold())


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column as the spreadsheet shows it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class Columns:
    """The header row's number, where each field is, and the headers left unread."""

    row: int
    index: dict[str, int]
    headers: list[str]
    ignored: list[str] = field(default_factory=list)

    def header(self, name: str) -> str:
        """The column as the file names it: its letter and its header, "C (อีเมล)"."""
        i = self.index[name]
        return f"{column_letter(i)} ({self.headers[i]})"


def _fields(cells: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, cell in enumerate(cells):
        name = _LOOKUP.get(header_key(cell))
        if name and name not in found:
            found[name] = i
    return found


def find_columns(rows: list[tuple[int, list[str]]]) -> Columns:
    """The header row among the first rows: the one naming the most known columns."""
    best: tuple[int, dict[str, int], list[str]] | None = None
    for number, cells in rows[:HEADER_SEARCH_ROWS]:
        found = _fields(cells)
        plausible = len(found) >= 2 or found.keys() & {"full", "first"}
        if plausible and (best is None or len(found) > len(best[1])):
            best = (number, found, cells)
    if best is None:
        raise DomainError("import_no_header", {"rows": HEADER_SEARCH_ROWS})
    number, found, cells = best
    if not found.keys() & {"full", "first"}:
        raise DomainError("import_no_name_column", {"row": number})
    ignored = [
        f"{column_letter(i)} ({c})" for i, c in enumerate(cells) if c and i not in found.values()
    ]
    return Columns(row=number, index=found, headers=cells, ignored=ignored)
