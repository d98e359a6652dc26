"""The program document: one JSON object per program, read by import and written by export.

Reading collects every problem (path and reason, in the active language) before
anything is saved; writing gives back exactly what reading accepts, so a round
trip is lossless. The format is described in docs/program-document.md.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cophub.core.errors import Problem
from cophub.core.thai import (
    FISCAL_YEAR_MAX,
    FISCAL_YEAR_MIN,
    arabic_digits,
    fiscal_year,
    fiscal_year_bounds,
    thai_date,
)
from cophub.orgs.areas import district_checked
from cophub.orgs.models import Organization, Province
from cophub.orgs.selectors import organization_by_name, province_by_name
from cophub.programs.models import Activity, SatisfactionLevel

FORMAT = "cophub.program/1"
MAX_TEXT = 500
MAX_ACTIVITIES = 1000
PROGRAM_KEYS = {
    "format",
    "title",
    "organization",
    "fiscal_year",
    "objectives",
    "outcomes",
    "activities",
}
ACTIVITY_KEYS = {
    "number", "kind", "title", "start_date", "end_date", "sites",
    "target_group", "participants", "satisfaction", "registrations",
}  # fmt: skip
SITE_KEYS = {"name", "organization", "location", "district", "province"}
PERSON_KEYS = {
    "prefix",
    "first_name",
    "last_name",
    "position",
    "organization",
    "email",
    "phone",
    "attended",
}


@dataclass
class SiteData:
    name: str
    organization_name: str = ""
    location: str = ""
    district: str = ""
    province: Province | None = None


@dataclass
class PersonData:
    prefix: str
    first_name: str
    last_name: str
    position: str = ""
    organization: Organization | None = None
    email: str = ""
    phone: str = ""
    attended: bool = False


@dataclass
class ActivityData:
    number: int
    kind: str
    title: str
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    sites: list[SiteData] = field(default_factory=list)
    target_group: str = ""
    target_project: str = ""
    cohort: int | None = None
    participants_count: int | None = None
    participants_from: str = ""
    satisfaction_method: str = ""
    satisfaction_level: str = ""
    satisfaction_percent: Decimal | None = None
    registrations: list[PersonData] = field(default_factory=list)


@dataclass
class ProgramData:
    title: str
    organization: Organization | None
    fiscal_year: int
    objectives: list[str]
    outcomes: list[str]
    activities: list[ActivityData]


_WHOLE = re.compile(r"[0-9]{1,9}")
_NOT_ALLOWED = re.compile("[\x00\ud800-\udfff]")  # NUL and lone surrogates break databases


def _printable(text: str) -> bool:
    return not _NOT_ALLOWED.search(text)


class _Reader:
    """Walks a parsed JSON value, collecting problems instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def unknown(self, d: dict, allowed: set[str], path: str) -> None:
        """Name keys the format does not have: usually a typo that would lose data."""
        for key in sorted(set(d) - allowed):
            self.problem(f"{path}.{key}" if path else key, _("is not a field of this document"))

    def obj(self, value, path: str, *, required: bool = True) -> dict | None:
        if value is None:
            if required:
                self.problem(path, _("is required"))
            return None
        if not isinstance(value, dict):
            self.problem(path, _("must be an object {…}"))
            return None
        return value

    def text(self, d: dict, key: str, path: str, *, required=False, max_length=MAX_TEXT) -> str:
        value = d.get(key)
        where = f"{path}.{key}" if path else key
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(where, _("is required"))
            return ""
        if not isinstance(value, str):
            self.problem(where, _("must be text"))
            return ""
        value = value.strip()
        if not _printable(value):
            self.problem(where, _("contains characters that are not allowed"))
            return ""
        if len(value) > max_length:
            self.problem(where, _("is too long (at most %(n)d characters)") % {"n": max_length})
            return ""
        return value

    def integer(self, d: dict, key: str, path: str, *, required=False, low=None, high=None):
        value = d.get(key)
        where = f"{path}.{key}" if path else key
        if value is None:
            if required:
                self.problem(where, _("is required"))
            return None
        if isinstance(value, str) and _WHOLE.fullmatch(arabic_digits(value.strip())):
            value = int(arabic_digits(value.strip()))  # people paste ๒๕๖๑
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(where, _("must be a whole number"))
            return None
        if (low is not None and value < low) or (high is not None and value > high):
            self.problem(
                where, _("must be between %(low)d and %(high)d") % {"low": low, "high": high}
            )
            return None
        return value

    def date(self, d: dict, key: str, path: str) -> dt.date | None:
        value = d.get(key)
        where = f"{path}.{key}"
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            self.problem(where, _("must be a date written YYYY-MM-DD"))
            return None
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            self.problem(where, _("must be a date written YYYY-MM-DD"))
            return None
        if day.year > 2400:
            self.problem(
                where,
                _("uses a Buddhist Era year; ISO dates use the Common Era (B.E. − 543)"),
            )
            return None
        return day

    def text_list(self, d: dict, key: str) -> list[str]:
        value = d.get(key, [])
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(key, _("must be a list of text"))
            return []
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.problem(f"{key}[{i}]", _("must be non-empty text"))
                continue
            if not _printable(item):
                self.problem(f"{key}[{i}]", _("contains characters that are not allowed"))
                continue
            if len(item) > 5000:
                self.problem(
                    f"{key}[{i}]", _("is too long (at most %(n)d characters)") % {"n": 5000}
                )
                continue
            out.append(item.strip())
        return out


def _kind(r: _Reader, d: dict, path: str) -> str:
    value = d.get("kind")
    kinds = {k.value: k.value for k in Activity.Kind}
    kinds.update({str(k.label): k.value for k in Activity.Kind})
    if value is None or value == "":
        r.problem(f"{path}.kind", _("is required"))
        return ""
    if not isinstance(value, str) or value not in kinds:
        r.problem(
            f"{path}.kind",
            _("must be one of: %(choices)s")
            % {"choices": ", ".join(k.value for k in Activity.Kind)},
        )
        return ""
    return kinds[value]


def _level(r: _Reader, d: dict, path: str) -> str:
    value = d.get("level")
    if value in (None, ""):
        return ""
    by_word = {str(lv.label): lv.value for lv in SatisfactionLevel}
    by_word.update({lv.value: lv.value for lv in SatisfactionLevel})
    if not isinstance(value, str) or value.strip() not in by_word:
        r.problem(
            f"{path}.level",
            _("must be one of: %(choices)s")
            % {"choices": " / ".join(str(lv.label) for lv in SatisfactionLevel)},
        )
        return ""
    return by_word[value.strip()]


def _percent(r: _Reader, d: dict, path: str) -> Decimal | None:
    value = d.get("percent")
    if value is None or value == "":
        return None
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        number = Decimal(arabic_digits(str(value)).strip())
    except InvalidOperation:
        r.problem(f"{path}.percent", _("must be a number from 0 to 100"))
        return None
    if not number.is_finite() or not 0 <= number <= 100:
        r.problem(f"{path}.percent", _("must be a number from 0 to 100"))
        return None
    return number.quantize(Decimal("0.01"))


def _sites(r: _Reader, d: dict, path: str) -> list[SiteData]:
    value = d.get("sites", [])
    if value is None:
        return []
    if not isinstance(value, list):
        r.problem(f"{path}.sites", _("must be a list"))
        return []
    sites = []
    for i, raw in enumerate(value):
        where = f"{path}.sites[{i}]"
        s = r.obj(raw, where)
        if s is None:
            continue
        r.unknown(s, SITE_KEYS, where)
        site = SiteData(
            name=r.text(s, "name", where, required=True, max_length=300),
            organization_name=r.text(s, "organization", where, max_length=300),
            location=r.text(s, "location", where, max_length=300),
            district=r.text(s, "district", where, max_length=100),
        )
        province_name = r.text(s, "province", where, max_length=100)
        if province_name:
            site.province = province_by_name(province_name)
            if site.province is None:
                r.problem(
                    f"{where}.province",
                    _("no province is named “%(name)s”") % {"name": province_name},
                )
        # The form's rule (orgs.areas), so an import cannot store a district that is not
        # the province's; an unknown province is already reported, the district waits.
        if site.district and not (province_name and site.province is None):
            try:
                site.district = district_checked(site.province, site.district)
            except ValidationError as error:
                for key, messages in error.message_dict.items():
                    r.problem(f"{where}.{key}", " ".join(messages))
        sites.append(site)
    return sites


def _registrations(r: _Reader, d: dict, path: str) -> list[PersonData]:
    value = d.get("registrations", [])
    if value is None:
        return []
    if not isinstance(value, list):
        r.problem(f"{path}.registrations", _("must be a list"))
        return []
    people = []
    seen = set()
    for i, raw in enumerate(value):
        where = f"{path}.registrations[{i}]"
        p = r.obj(raw, where)
        if p is None:
            continue
        r.unknown(p, PERSON_KEYS, where)
        person = PersonData(
            prefix=r.text(p, "prefix", where, max_length=50),
            first_name=r.text(p, "first_name", where, required=True, max_length=150),
            last_name=r.text(p, "last_name", where, max_length=150),
            position=r.text(p, "position", where, max_length=200),
            email=r.text(p, "email", where, max_length=254),
            phone=r.text(p, "phone", where, max_length=50),
        )
        attended = p.get("attended", False)
        if not isinstance(attended, bool):
            r.problem(f"{where}.attended", _("must be true or false"))
        person.attended = attended is True
        org_name = r.text(p, "organization", where, max_length=300)
        if org_name:
            person.organization = organization_by_name(org_name)
            if person.organization is None:
                r.problem(
                    f"{where}.organization",
                    _("no organisation is named “%(name)s”") % {"name": org_name},
                )
        key = (
            (person.email.lower(),)
            if person.email
            else (person.first_name, person.last_name, org_name)
        )
        if key in seen:
            r.problem(where, _("this person is listed twice"))
        seen.add(key)
        people.append(person)
    return people


def _activity(r: _Reader, raw, path: str, fy: int | None) -> ActivityData | None:
    a = r.obj(raw, path)
    if a is None:
        return None
    r.unknown(a, ACTIVITY_KEYS, path)
    activity = ActivityData(
        number=r.integer(a, "number", path, required=True, low=1, high=32767),
        kind=_kind(r, a, path),
        title=r.text(a, "title", path, required=True),
        start_date=r.date(a, "start_date", path),
        end_date=r.date(a, "end_date", path),
        sites=_sites(r, a, path),
        registrations=_registrations(r, a, path),
    )
    if activity.end_date and not activity.start_date:
        r.problem(f"{path}.start_date", _("is required when an end date is given"))
    if activity.start_date and activity.end_date and activity.end_date < activity.start_date:
        r.problem(f"{path}.end_date", _("is before the start date"))
    if fy and activity.start_date and fiscal_year(activity.start_date) != fy:
        first, last = fiscal_year_bounds(fy)
        r.problem(
            f"{path}.start_date",
            _("is outside fiscal year %(fy)d (%(first)s – %(last)s)")
            % {
                "fy": fy,
                "first": thai_date(first, digits="arabic"),
                "last": thai_date(last, digits="arabic"),
            },
        )
    tg = r.obj(a.get("target_group"), f"{path}.target_group", required=False)
    if tg is not None:
        where = f"{path}.target_group"
        activity.target_group = r.text(tg, "name", where, max_length=300)
        activity.target_project = r.text(tg, "project", where)
        activity.cohort = r.integer(tg, "cohort", where, low=1, high=32767)
    pc = r.obj(a.get("participants"), f"{path}.participants", required=False)
    if pc is not None:
        where = f"{path}.participants"
        activity.participants_count = r.integer(pc, "count", where, low=0, high=1_000_000)
        activity.participants_from = r.text(pc, "from", where)
    sat = r.obj(a.get("satisfaction"), f"{path}.satisfaction", required=False)
    if sat is not None:
        where = f"{path}.satisfaction"
        activity.satisfaction_method = r.text(sat, "method", where, max_length=200)
        activity.satisfaction_level = _level(r, sat, where)
        activity.satisfaction_percent = _percent(r, sat, where)
    return activity


def read_program_document(data) -> tuple[ProgramData | None, list[Problem]]:
    """Check a decoded JSON document; return the program's data or the list of problems."""
    r = _Reader()
    d = r.obj(data, "")
    if d is None:
        return None, r.problems
    fmt = d.get("format", FORMAT)
    if fmt != FORMAT:
        r.problem("format", _("must be “%(format)s”") % {"format": FORMAT})
    title = r.text(d, "title", "", required=True)
    fy = r.integer(d, "fiscal_year", "", required=True, low=FISCAL_YEAR_MIN, high=FISCAL_YEAR_MAX)
    # The key must be there; an empty value means "no organisation" (it was deleted).
    if "organization" not in d:
        r.problem("organization", _("is required"))
    org_name = r.text(d, "organization", "", max_length=300)
    organization = organization_by_name(org_name) if org_name else None
    if org_name and organization is None:
        r.problem("organization", _("no organisation is named “%(name)s”") % {"name": org_name})
    objectives = r.text_list(d, "objectives")
    outcomes = r.text_list(d, "outcomes")
    activities: list[ActivityData] = []
    raw_activities = d.get("activities", [])
    if not isinstance(raw_activities, list):
        r.problem("activities", _("must be a list"))
        raw_activities = []
    if len(raw_activities) > MAX_ACTIVITIES:
        r.problem("activities", _("has more than %(n)d activities") % {"n": MAX_ACTIVITIES})
        raw_activities = []
    numbers: set[int] = set()
    for i, raw in enumerate(raw_activities):
        activity = _activity(r, raw, f"activities[{i}]", fy)
        if activity is None:
            continue
        if activity.number is not None and activity.number in numbers:
            r.problem(
                f"activities[{i}].number", _("number %(n)d is used twice") % {"n": activity.number}
            )
        numbers.add(activity.number)
        activities.append(activity)
    r.unknown(d, PROGRAM_KEYS, "")
    if r.problems:
        return None, r.problems
    return ProgramData(title, organization, fy, objectives, outcomes, activities), []
