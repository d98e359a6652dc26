"""Staff accounts from an XLSX list: the template to fill in, reading a filled-in file,
and the preview an admin checks before anything is saved.

Nothing here writes: ``services.staff_import`` applies the rows the preview found good.
Each row names one account by its user name; a known user name updates that account,
a new one creates it. Organisations are matched the way participant lists match them
(``selectors.OrganizationMatcher``), so "สป.มท." and "สำนักงานปลัดกระทรวงมหาดไทย" are one.

A file is refused whole, with a Thai message, when it is not an XLSX workbook, is
larger than ``MAX_BYTES`` or unpacks to far more, holds a formula (its value would be
whatever Excel last computed, or an attack on whoever opens an export of it) or a
control character, or lacks the user name and first name columns.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import asdict, dataclass, field
from typing import BinaryIO

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cophub.accounts.models import User
from cophub.core.errors import DomainError, error_type
from cophub.core.thai import person_name, screen_digits
from cophub.orgs.models import Organization, Person
from cophub.orgs.selectors import OrganizationMatcher

MAX_BYTES = 2 * 1024 * 1024  # a list of a few thousand accounts is well under 1 MB
MAX_UNPACKED = 25 * MAX_BYTES  # what the zip may unpack to (a "zip bomb" is refused)
MAX_ROWS = 2000
HEADER_ROWS = 10  # the header is looked for in the first rows
USERNAME = re.compile(r"^[\w.@+-]+\Z")
# Control characters other than tab, CR and LF (and lone surrogates), looked for after
# Excel's escapes are decoded: _x000D_ is a carriage return from a cell with a line
# break, which is fine, while _x0000_ is a NUL, which is not.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")

# column → (header in the template, other headers people write for it); the header is
# translated when the template is written (column_header), so it is marked for the extractor.
COLUMNS = {
    "username": (gettext_noop("User name"), ["ชื่อผู้ใช้", "username", "user name", "ชื่อบัญชี", "บัญชีผู้ใช้"]),
    "prefix": (gettext_noop("Name prefix"), ["คำนำหน้าชื่อ", "คำนำหน้า", "prefix", "title"]),
    "first_name": (gettext_noop("First name"), ["ชื่อ", "first name", "firstname", "ชื่อจริง"]),
    "last_name": (gettext_noop("Last name"), ["นามสกุล", "last name", "lastname", "surname", "สกุล"]),
    "email": (gettext_noop("E-mail"), ["อีเมล", "อีเมล์", "e-mail", "email"]),
    "role": (gettext_noop("Role"), ["บทบาท", "role"]),
    "organization": (
        gettext_noop("Organisation"),
        ["หน่วยงาน", "organisation", "organization", "สังกัด"],
    ),
    "position": (gettext_noop("Position"), ["ตำแหน่ง", "position"]),
}
REQUIRED = ("username", "first_name")
LIMITS = {"username": 150, "prefix": 50, "first_name": 150, "last_name": 150, "email": 254,
          "position": 200}  # fmt: skip
# Roles as people write them, besides the codes and the labels in either language.
_ROLE_WORDS = {
    "ผู้ดูแล": User.Role.ADMIN, "แอดมิน": User.Role.ADMIN,
    "ผู้จัด": User.Role.ORGANISER, "ผู้จัดงาน": User.Role.ORGANISER,
    "คุณอำนวย": User.Role.FACILITATOR, "ผู้อำนวยความสะดวก": User.Role.FACILITATOR,
}  # fmt: skip


def _key(text: str) -> str:
    return re.sub(r"[\s._\-*:()]+", "", (text or "").casefold())


def column_header(name: str) -> str:
    return _(COLUMNS[name][0])


def _role_keys() -> dict[str, str]:
    keys = {_key(w): role for w, role in _ROLE_WORDS.items()}
    for language in ("en", "th"):
        with translation.override(language):
            for value, label in User.Role.choices:
                keys[_key(str(label))] = value
    keys.update({_key(value): value for value in User.Role.values})
    return keys


@dataclass
class RowProblem:
    column: str  # the column's header as the file has it, or "" for the whole row
    code: str  # an orgs error code (errors.py), rendered in the reader's language
    params: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        template = str(error_type(self.code).message)
        # Row numbers and limits in the screen's digits: แถวที่ ๕, not แถวที่ 5.
        params = {k: screen_digits(v) if isinstance(v, int) else v for k, v in self.params.items()}
        return template % params if params else template


@dataclass
class StaffRow:
    """One row of the list and what importing it will do: ``outcome`` is "new",
    "updated" or "unchanged"."""

    row: int
    username: str = ""
    prefix: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    role: str = ""  # a User.Role value, or "" (new: member; existing: unchanged)
    organization: str = ""  # as written
    organization_id: int | None = None
    position: str = ""
    user_id: int | None = None
    outcome: str = "new"
    changes: list[str] = field(default_factory=list)  # the fields an update changes
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def role_label(self) -> str:
        return str(dict(User.Role.choices).get(self.role, ""))

    @property
    def full_name(self) -> str:
        return person_name(self.prefix, self.first_name, self.last_name)

    def as_json(self) -> dict:
        """What the confirmation carries: the row as read, not what it was found to be."""
        data = asdict(self)
        for derived in ("problems", "changes", "outcome", "user_id"):
            del data[derived]
        return data

    @classmethod
    def from_json(cls, data: dict) -> StaffRow:
        return cls(**{k: data[k] for k in cls.JSON_FIELDS})

    JSON_FIELDS = ("row", "username", "prefix", "first_name", "last_name", "email", "role",
                   "organization", "organization_id", "position")  # fmt: skip


@dataclass
class Preview:
    file: str
    rows: list[StaffRow]
    columns: dict[str, str]  # column → the file's header

    @property
    def problems(self) -> int:
        return sum(bool(r.problems) for r in self.rows)

    def _count(self, outcome: str) -> int:
        return sum(r.outcome == outcome and not r.problems for r in self.rows)

    @property
    def n_new(self) -> int:
        return self._count("new")

    @property
    def n_updated(self) -> int:
        return self._count("updated")

    @property
    def n_unchanged(self) -> int:
        return self._count("unchanged")

    @property
    def good(self) -> list[StaffRow]:
        return [r for r in self.rows if not r.problems and r.outcome != "unchanged"]


# --- the template ------------------------------------------------------------------------
def template_workbook() -> bytes:
    """An empty list with its header row, a role drop-down, and a sheet that explains."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = _("Accounts")
    sheet.append([column_header(name) for name in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFGH", (18, 12, 18, 18, 28, 18, 40, 28), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    roles = [str(label) for _value, label in User.Role.choices]
    choose = DataValidation(type="list", formula1='"' + ",".join(roles) + '"', allow_blank=True)
    sheet.add_data_validation(choose)
    choose.add(f"F2:F{MAX_ROWS + 1}")
    help_sheet = book.create_sheet(_("How to fill in"))
    for line in (
        _("One account a row. User name and first name are required."),
        _("A user name already in CoP Hub updates that account; a blank cell leaves its "
          "value as it is."),
        _("Role: one of %(roles)s; blank is member for a new account.") % {"roles": ", ".join(roles)},
        _("Organisation: its name or abbreviation, as in CoP Hub (e.g. สป.มท.)."),
        _("New accounts with an e-mail address are sent an invitation to set a password."),
        _("Type values; formulas are not accepted."),
    ):  # fmt: skip
        help_sheet.append([line])
    help_sheet.column_dimensions["A"].width = 100
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- reading ---------------------------------------------------------------------------
def _raw_text(value) -> str:
    """The cell as text with Excel's _xHHHH_ escapes decoded (openpyxl's read-only sheets
    leave them as written)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    from openpyxl.utils.escape import unescape

    return unescape(value) if isinstance(value, str) else str(value)


def _one_line(text: str) -> str:
    """Every field is one line: line breaks and runs of spaces become one space."""
    return " ".join(text.replace("\u200b", "").split())


def read_rows(fh: BinaryIO, *, size: int) -> list[tuple[int, list[str]]]:
    """The first sheet's rows that hold anything, as (row number, cells as text)."""
    if size == 0:
        raise DomainError("staff_import_empty")
    if size > MAX_BYTES:
        raise DomainError(
            "staff_import_too_large",
            {
                "size": screen_digits(f"{size / 1048576:.1f}"),
                "limit": screen_digits(MAX_BYTES // 1048576),
            },
        )
    head = fh.read(8)
    fh.seek(0)
    if not head.startswith(b"PK\x03\x04"):
        raise DomainError("staff_import_not_xlsx")
    try:
        with zipfile.ZipFile(fh) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise DomainError("staff_import_unreadable") from exc
    if "xl/workbook.xml" not in names:
        raise DomainError("staff_import_not_xlsx")  # a .docx, an .ods, any other zip
    if unpacked > MAX_UNPACKED:
        raise DomainError("staff_import_unreadable")
    fh.seek(0)
    from openpyxl import load_workbook

    try:
        book = load_workbook(fh, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise DomainError("staff_import_unreadable") from exc
    rows: list[tuple[int, list[str]]] = []
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None or not hasattr(sheet, "iter_rows"):
            raise DomainError("staff_import_empty")
        for cells in sheet.iter_rows():
            texts, number = [], None
            for cell in cells:
                if getattr(cell, "row", None) is None:
                    texts.append("")
                    continue
                number = cell.row
                if cell.data_type == "f":
                    raise DomainError("staff_import_formula", {"cell": cell.coordinate})
                text = _raw_text(cell.value)
                if _CONTROL.search(text):
                    raise DomainError("staff_import_control_character", {"cell": cell.coordinate})
                texts.append(_one_line(text))
            while texts and not texts[-1]:
                texts.pop()
            if texts and number is not None:
                rows.append((number, texts))
                if len(rows) > MAX_ROWS + 1:
                    raise DomainError("staff_import_too_many_rows", {"max": MAX_ROWS})
    except DomainError:
        raise
    except Exception as exc:  # a damaged sheet inside a sound zip
        raise DomainError("staff_import_unreadable") from exc
    finally:
        book.close()
    if not rows:
        raise DomainError("staff_import_empty")
    return rows


def find_columns(rows: list[tuple[int, list[str]]]) -> tuple[int, dict[str, int], list[str]]:
    """The header row's number, column → index, and the header texts."""
    aliases = {}
    for name, (label, others) in COLUMNS.items():
        for written in (label, *others):
            aliases[_key(written)] = name
    for number, cells in rows[:HEADER_ROWS]:
        index: dict[str, int] = {}
        for i, text in enumerate(cells):
            name = aliases.get(_key(text))
            if name and name not in index:
                index[name] = i
        if all(name in index for name in REQUIRED):
            return number, index, cells
    raise DomainError(
        "staff_import_no_header",
        {"columns": ", ".join(column_header(n) for n in REQUIRED), "rows": HEADER_ROWS},
    )


# --- the preview -----------------------------------------------------------------------
def build_preview(fh: BinaryIO, *, size: int, actor: User, file_name: str = "") -> Preview:
    """Read a list and say, row by row, what importing it would do or what is wrong."""
    rows = read_rows(fh, size=size)
    header_row, index, headers = find_columns(rows)
    header = {name: headers[i] for name, i in index.items()}
    listed = [_parse(number, cells, index, header) for number, cells in rows if number > header_row]
    if not listed:
        raise DomainError("staff_import_empty")
    _match_organizations(listed, header)
    check_rows(listed, actor=actor, header=header)
    return Preview(file=file_name, rows=listed, columns=header)


def check_rows(listed: list[StaffRow], *, actor: User, header: dict) -> None:
    """What each row is to the accounts there are now: new, an update (and of what) or
    unchanged, and its clashes with them. Run on the preview and again on applying it."""
    for row in listed:
        row.user_id, row.outcome, row.changes = None, "new", []
    _check_against_accounts(listed, header, actor)
    _check_organizations(listed, header)
    _outcomes(listed)


def _parse(number: int, cells: list[str], index: dict[str, int], header: dict) -> StaffRow:
    row = StaffRow(row=number)
    for name, i in index.items():
        value = cells[i] if i < len(cells) else ""
        limit = LIMITS.get(name)
        if limit and len(value) > limit:
            row.problems.append(
                RowProblem(header[name], "staff_import_row_too_long", {"max": limit})
            )
            value = value[:limit]
        setattr(row, name, value)
    if not row.username:
        row.problems.append(RowProblem(header["username"], "staff_import_row_no_username"))
    elif not USERNAME.match(row.username):
        row.problems.append(
            RowProblem(header["username"], "staff_import_row_bad_username", {"value": row.username})
        )
    if row.email:
        try:
            validate_email(row.email)
        except ValidationError:
            row.problems.append(
                RowProblem(header["email"], "staff_import_row_bad_email", {"value": row.email})
            )
    if row.role:
        role = _role_keys().get(_key(row.role))
        if role is None:
            row.problems.append(
                RowProblem(header["role"], "staff_import_row_bad_role", {"value": row.role})
            )
        row.role = role or ""
    return row


def _check_against_accounts(listed: list[StaffRow], header: dict, actor: User) -> None:
    """Who each row is, what it changes, and the clashes: the same user name or e-mail
    twice in the file, or an e-mail another account has."""
    usernames = {r.username.casefold() for r in listed if r.username}
    emails = {r.email.casefold() for r in listed if r.email}
    existing = {
        u.username_key: u
        for u in User.objects.annotate(username_key=Lower("username"))
        .filter(username_key__in=usernames)
        .select_related("person")
    }
    owners = dict(
        User.objects.annotate(email_key=Lower("email"))
        .filter(email_key__in=emails)
        .values_list("email_key", "username")
    )
    seen_names: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    for row in listed:
        name_key, email_key = row.username.casefold(), row.email.casefold()
        if name_key:
            if name_key in seen_names:
                row.problems.append(RowProblem(header.get("username", ""), "staff_import_row_twice",
                                               {"other": seen_names[name_key]}))  # fmt: skip
            seen_names.setdefault(name_key, row.row)
        if email_key:
            if email_key in seen_emails:
                row.problems.append(RowProblem(header.get("email", ""), "staff_import_row_twice",
                                               {"other": seen_emails[email_key]}))  # fmt: skip
            seen_emails.setdefault(email_key, row.row)
            owner = owners.get(email_key)
            if owner is not None and owner.casefold() != name_key:
                row.problems.append(RowProblem(header.get("email", ""), "staff_import_row_email_taken",
                                               {"email": row.email, "username": owner}))  # fmt: skip
        user = existing.get(name_key)
        if user is None:
            continue
        row.user_id, row.outcome = user.pk, "updated"
        if user.pk == actor.pk and row.role and row.role != user.role:
            row.problems.append(RowProblem(header.get("role", ""), "cannot_demote_self"))


def _match_organizations(listed: list[StaffRow], header: dict) -> None:
    matcher = None
    for row in listed:
        if not row.organization:
            continue
        matcher = matcher or OrganizationMatcher.load()
        found = matcher.match(row.organization).organization
        if found is None or found.kind == found.Kind.EXTERNAL:
            near = matcher.match(row.organization).suggestions
            row.problems.append(RowProblem(
                header["organization"], "staff_import_row_unknown_organization",
                {"value": row.organization,
                 "near": ", ".join(near) if near else _("no similar name")},
            ))  # fmt: skip
        else:
            row.organization_id = found.pk


def _check_organizations(listed: list[StaffRow], header: dict) -> None:
    """An organisation matched on the preview may have been deleted since."""
    wanted = {r.organization_id for r in listed if r.organization_id}
    there = set(
        Organization.objects.filter(pk__in=wanted)
        .exclude(kind=Organization.Kind.EXTERNAL)
        .values_list("pk", flat=True)
    )
    for row in listed:
        if row.organization_id and row.organization_id not in there:
            row.problems.append(RowProblem(
                header.get("organization", ""), "staff_import_row_unknown_organization",
                {"value": row.organization, "near": _("no similar name")},
            ))  # fmt: skip


def _outcomes(listed: list[StaffRow]) -> None:
    """For a known account: which fields the row changes (blank cells change nothing)."""
    users = User.objects.in_bulk([r.user_id for r in listed if r.user_id])
    people = {p.user_id: p for p in Person.objects.filter(user_id__in=list(users))}
    for row in listed:
        user = users.get(row.user_id)
        if user is None:
            continue
        person = people.get(user.pk)
        now = {
            "prefix": person.prefix if person else "", "first_name": user.first_name,
            "last_name": user.last_name, "email": user.email, "role": user.role,
            "organization_id": person.organization_id if person else None,
            "position": person.position if person else "",
        }  # fmt: skip
        row.changes = [k for k, v in now.items() if getattr(row, k) not in ("", None, v)]
        if not row.changes:
            row.outcome = "unchanged"


# --- from the preview to its confirmation ------------------------------------------------
# The confirmation form carries the good rows, signed for this admin and valid for an
# hour: nothing is stored between the two steps, and nobody can alter the rows between
# them. Applying checks them against the accounts again.
TOKEN_MAX_AGE = 3600


def _salt(actor: User) -> str:
    return f"cophub.orgs.staff_import:{actor.pk}"


def confirmation_token(preview: Preview, *, actor: User) -> str:
    payload = {"file": preview.file, "rows": [r.as_json() for r in preview.good]}
    return signing.dumps(payload, salt=_salt(actor), compress=True)


def confirmed_rows(token: str, *, actor: User) -> tuple[list[dict], str]:
    """The rows and file name a confirmation carries; a domain error when it is not one
    this admin was given in the last hour."""
    try:
        payload = signing.loads(token, salt=_salt(actor), max_age=TOKEN_MAX_AGE)
    except signing.BadSignature as exc:  # SignatureExpired included
        raise DomainError("staff_import_expired") from exc
    return payload["rows"], payload["file"]
