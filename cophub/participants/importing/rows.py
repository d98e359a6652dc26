"""Each row of a list as the person it names, or as problems by column.

``parse_rows`` reads the cells (names split, organisations matched, e-mails checked) and
``mark_duplicates`` finds the people a file lists twice. Nothing here reads people from
the database; ``matching`` does that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cophub.core.errors import error_type
from cophub.core.thai import arabic_digits, split_thai_name, thai_digits
from cophub.orgs.selectors import OrganizationMatcher
from cophub.participants.importing.headers import Columns

# Person's field lengths (orgs.models.Person), checked here so a row is refused with its
# column instead of failing the whole import at the database.
MAX_LENGTH = {"title": 50, "first": 150, "last": 150, "position": 200, "email": 254, "phone": 50}
PROGRESS_EVERY = 250
_SPACES = re.compile(r"\s+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


@dataclass
class RowProblem:
    column: str  # "C (อีเมล)", or "" for the row as a whole
    code: str  # a participants error code (errors.py), rendered in the reader's language
    params: dict = field(default_factory=dict)
    suggestions: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        out = {"column": self.column, "code": self.code, "params": self.params}
        if self.suggestions:
            out["suggestions"] = self.suggestions
        return out


@dataclass
class ListedPerson:
    """One row: who it names and what importing it will do (``outcome``)."""

    row: int
    title: str = ""
    first: str = ""
    last: str = ""
    position: str = ""
    organization_id: int | None = None
    organization: str = ""
    province: str = ""
    email: str = ""
    phone: str = ""
    problems: list[RowProblem] = field(default_factory=list)
    # Set by matching: new | existing | updated | unchanged (and problem, if problems).
    outcome: str = ""
    person_id: int | None = None
    matched_by: str = ""  # "email" or "name"
    status: str = ""  # the registration's status: already there, or what it will get
    fills: list[str] = field(default_factory=list)  # blank fields of the person it fills

    @property
    def name_key(self) -> str:
        return name_key(self.first, self.last)

    def as_json(self) -> dict:
        return {
            "row": self.row, "title": self.title, "first": self.first, "last": self.last,
            "position": self.position, "organization_id": self.organization_id,
            "organization": self.organization, "province": self.province,
            "email": self.email, "phone": self.phone,
            "outcome": "problem" if self.problems else self.outcome,
            "person_id": self.person_id, "matched_by": self.matched_by, "status": self.status,
            "fills": self.fills, "problems": [p.as_json() for p in self.problems],
        }  # fmt: skip

    @classmethod
    def from_json(cls, data: dict) -> ListedPerson:
        keys = ("row", "title", "first", "last", "position", "organization_id", "organization",
                "province", "email", "phone")  # fmt: skip
        person = cls(**{k: data.get(k) or ("" if k != "organization_id" else None) for k in keys})
        person.problems = [
            RowProblem(p["column"], p["code"], p.get("params", {}), p.get("suggestions", []))
            for p in data.get("problems", [])
        ]
        return person


def name_key(first: str, last: str) -> str:
    """A title-free name as compared: spaces made single, case folded."""
    return _SPACES.sub(" ", f"{first} {last}".translate(_INVISIBLE)).strip().casefold()


def problem_message(problem: dict, *, screen: bool = True) -> str:
    """A stored problem in the reader's language, with the nearest names if any; on a
    Thai screen its row numbers in Thai digits (not on the command line)."""
    message = str(error_type(problem["code"]).message)
    if problem.get("params"):
        thai = screen and (get_language() or "th").startswith("th")
        params = {
            k: thai_digits(v) if thai and isinstance(v, int) else v
            for k, v in problem["params"].items()
        }
        message %= params
    if problem.get("suggestions"):
        message += " " + _("Did you mean: %(names)s?") % {
            "names": ", ".join(problem["suggestions"])
        }
    return message


def _clean(text: str) -> str:
    return _SPACES.sub(" ", (text or "").translate(_INVISIBLE)).strip()


def _phone(text: str) -> str:
    """Thai digits made Arabic; a leading 0 put back where a spreadsheet number lost it
    (812345678 was 0812345678, a mobile; 21234567 was 021234567, a Bangkok line)."""
    text = _clean(arabic_digits(text))
    if text.isdigit() and len(text) in (8, 9) and not text.startswith("0"):
        text = "0" + text
    return text


def _split(text: str, title: str) -> tuple[str, str, str]:
    """Title, first and last name; a title column, if filled in, is the title, and the
    name is split of it only where it repeats that title (นาย: นายสมชาย → สมชาย, but
    นางนวล stays นางนวล)."""
    found, first, last = split_thai_name(text)
    if not title or not found:
        return title or found, first, last
    if found.replace(" ", "") == title.replace(" ", ""):
        return title, first, last
    words = _clean(text).split(" ")
    return title, words[0], " ".join(words[1:])


def _cell(cells: list[str], columns: Columns, name: str) -> str:
    i = columns.index.get(name)
    return _clean(cells[i]) if i is not None and i < len(cells) else ""


def parse_row(
    number: int, cells: list[str], columns: Columns, matcher: OrganizationMatcher
) -> ListedPerson | None:
    """The person a row names, with its problems; None for a row with nothing but its
    number (a numbered template row left blank)."""
    values = {name: _cell(cells, columns, name) for name in columns.index}
    if not any(v for k, v in values.items() if k != "seq"):
        return None
    person = ListedPerson(row=number)
    title = values.get("title", "")
    if values.get("first") or values.get("last"):
        first, last = values.get("first", ""), values.get("last", "")
        if not last and " " in first and "last" not in columns.index:
            title, first, last = _split(first, title)  # a "ชื่อ" column holding it all
        else:
            title, first, rest = _split(first, title)
            first = f"{first} {rest}".strip()
    else:
        title, first, last = _split(values.get("full", ""), title)
    person.title, person.first, person.last = title, first, last
    name_column = "full" if "full" in columns.index and not values.get("first") else "first"
    if not person.first:
        person.problems.append(RowProblem(columns.header(name_column), "import_row_name_missing"))
    person.position = values.get("position", "")
    person.phone = _phone(values.get("phone", ""))
    person.email = values.get("email", "")
    if person.email:
        try:
            validate_email(person.email)
        except ValidationError:
            person.problems.append(
                RowProblem(columns.header("email"), "import_row_bad_email", {"value": person.email})
            )
    _organization(person, values, columns, matcher)
    for name, limit in MAX_LENGTH.items():
        value = getattr(person, name)
        if len(value) > limit:
            column = name_column if name in ("first", "last") and "full" in columns.index else name
            column = column if column in columns.index else name_column
            person.problems.append(
                RowProblem(columns.header(column), "import_row_too_long", {"max": limit})
            )
    return person


def _organization(person, values, columns, matcher) -> None:
    province = None
    written_province = values.get("province", "")
    if written_province:
        province = matcher.province(written_province)
        if province is None:
            person.problems.append(
                RowProblem(
                    columns.header("province"), "import_row_unknown_province",
                    {"value": written_province}, matcher.province_suggestions(written_province),
                )
            )  # fmt: skip
    written = values.get("organization", "")
    if not written:
        return
    found = matcher.match(written)
    if found.organization is None:
        person.problems.append(
            RowProblem(
                columns.header("organization"), "import_row_unknown_organization",
                {"value": written}, found.suggestions,
            )
        )  # fmt: skip
        return
    province = found.province or province
    placed = matcher.placed(found.organization, province) if province else found
    person.organization_id = placed.organization.pk
    person.organization = placed.organization.name
    person.province = province.name_th if province else ""


def parse_rows(
    rows: list[tuple[int, list[str]]], columns: Columns, matcher: OrganizationMatcher,
    progress=None,
) -> list[ListedPerson]:  # fmt: skip
    body = [(n, cells) for n, cells in rows if n > columns.row]
    people = []
    for i, (number, cells) in enumerate(body, start=1):
        person = parse_row(number, cells, columns, matcher)
        if person is not None:
            people.append(person)
        if progress and i % PROGRESS_EVERY == 0:
            progress(i, len(body))
    mark_duplicates(people, columns)
    return people


def mark_duplicates(people: list[ListedPerson], columns: Columns) -> None:
    """A person listed twice (same e-mail, or same name in the same organisation with no
    other e-mail) is a problem on the later row, naming both rows."""
    by_email: dict[str, ListedPerson] = {}
    by_name: dict[tuple[str, int | None], ListedPerson] = {}
    name_column = columns.header("full" if "full" in columns.index else "first")
    for person in people:
        if not person.first:
            continue
        email = person.email.casefold()
        key = (person.name_key, person.organization_id)
        earlier = by_email.get(email) if email else None
        if earlier is not None:
            person.problems.append(
                RowProblem(
                    columns.header("email"), "import_row_duplicate_email",
                    {"row": person.row, "other": earlier.row},
                )
            )  # fmt: skip
            continue
        earlier = by_name.get(key)
        if earlier is not None and (not email or not earlier.email):
            person.problems.append(
                RowProblem(
                    name_column,
                    "import_row_duplicate_name",
                    {"row": person.row, "other": earlier.row},
                )
            )
            continue
        if email:
            by_email[email] = person
        by_name.setdefault(key, person)
