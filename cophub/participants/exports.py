"""An activity's participant list, read once for every export, and as XLSX.

Reads only. One list feeds the XLSX, the sign-in sheet and the badges (``participants.pdf``),
so ลำดับ on the sheet is the same as in the spreadsheet: seat holders (registered,
attended, no-show) grouped by organisation, the organisations and, within each, the people
in Thai dictionary order; people without an organisation come last. The waiting list is
kept apart (its own XLSX sheet; not on the sign-in sheet or badges, whose blank rows take
walk-ins).

The XLSX is a working file: its headings follow the screen language and its numbers are
numbers. The PDFs are formal Thai documents, Thai whatever the screen language.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from cophub.core import thai
from cophub.privacy.models import Consent
from cophub.privacy.purposes import OPTIONAL_CONTACT
from cophub.programs.models import Activity, Registration, Site

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BANGKOK = "กรุงเทพมหานคร"  # districts there are เขต, and it is not a จังหวัด


@dataclass(frozen=True)
class Row:
    prefix: str
    first_name: str
    last_name: str
    position: str
    organization: str
    status: str
    checked_in_at: dt.datetime | None
    email: str
    phone: str  # the work telephone the agency listed
    checkin_code: str
    person_id: int | None = None  # whose data it is, for the record of reads
    mobile: str = ""  # given on consent; cleared when it is withdrawn

    @property
    def name(self) -> str:
        return thai.person_name(self.prefix, self.first_name, self.last_name)


@dataclass(frozen=True)
class ParticipantList:
    activity: Activity
    place: str
    rows: list[Row]  # seat holders, in the order every export uses
    waiting: list[Row] = field(default_factory=list)

    @property
    def attended(self) -> int:
        return sum(r.status == Registration.Status.ATTENDED for r in self.rows)

    @property
    def person_ids(self) -> list[int]:
        return [r.person_id for r in [*self.rows, *self.waiting] if r.person_id]


# --- reading --------------------------------------------------------------------------
def _ordered(rows: list[Row]) -> list[Row]:
    by_name = thai.thai_sorted(rows, key=lambda r: f"{r.first_name} {r.last_name}")
    orgs = {
        name: i
        for i, name in enumerate(thai.thai_sorted({r.organization for r in rows if r.organization}))
    }
    # sorted() is stable: within an organisation the Thai name order stays.
    return sorted(by_name, key=lambda r: orgs.get(r.organization, len(orgs)))


def _site_text(site: Site) -> str:
    parts = [site.name]
    if site.location:
        parts.append(site.location)
    bangkok = site.province_id is not None and site.province.name_th == BANGKOK
    if site.district:
        word = "เขต" if bangkok else "อำเภอ"
        parts.append(
            site.district if site.district.startswith(("อำเภอ", "เขต")) else word + site.district
        )
    if site.province_id is not None:
        parts.append(site.province.name_th if bangkok else "จังหวัด" + site.province.name_th)
    return " ".join(parts)


def participant_list(*, activity: Activity) -> ParticipantList:
    """Everyone registered for ``activity`` except the cancelled: two queries whatever the size."""
    sites = Site.objects.filter(activity=activity).select_related("province")
    registrations = (
        Registration.objects.filter(activity=activity)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("person__organization")
        .annotate(
            mobile_consented=Exists(
                Consent.objects.filter(
                    person=OuterRef("person_id"), purpose=OPTIONAL_CONTACT, withdrawn_at=None
                )
            )
        )
        .order_by("registered_at", "pk")  # the waiting list keeps its queue order
    )
    seated, waiting = [], []
    for reg in registrations:
        p = reg.person
        row = Row(
            prefix=p.prefix, first_name=p.first_name, last_name=p.last_name, position=p.position,
            organization=p.organization.name if p.organization_id else "", status=reg.status,
            checked_in_at=reg.checked_in_at, email=p.email, phone=p.phone,
            checkin_code=reg.checkin_code, person_id=p.pk,
            mobile=p.mobile if reg.mobile_consented else "",
        )  # fmt: skip
        (waiting if reg.status == Registration.Status.WAITING else seated).append(row)
    return ParticipantList(
        activity=activity,
        place=" และ ".join(_site_text(s) for s in sites),
        rows=_ordered(seated),
        waiting=waiting,
    )


# --- file names -----------------------------------------------------------------------
def shorten(text: str, limit: int, ellipsis: str = "") -> str:
    """``text`` in at most ``limit`` characters, never leaving a vowel or tone mark behind
    without the letter it sits on (a cut inside ที่ drops the whole cluster)."""
    if len(text) <= limit:
        return text
    cut = limit
    while cut and unicodedata.category(text[cut]) == "Mn":
        cut -= 1
    return text[:cut].rstrip() + ellipsis


_UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def filename(kind: str, activity: Activity, suffix: str) -> tuple[str, str]:
    """(Thai name, ASCII fallback): รายชื่อผู้เข้าร่วม ครั้งที่ 3 ศึกษาดูงาน.xlsx."""
    words = {"list": "รายชื่อผู้เข้าร่วม", "signin": "ใบลงทะเบียน", "badges": "ป้ายชื่อ"}
    title = shorten(" ".join(_UNSAFE_IN_NAME.sub(" ", activity.title).split()), 60)
    fallback = {"list": "participants", "signin": "signin-sheet", "badges": "badges"}[kind]
    return (
        f"{words[kind]} ครั้งที่ {activity.number} {title}".strip() + f".{suffix}",
        f"{fallback}-activity-{activity.pk}.{suffix}",
    )


# --- XLSX -----------------------------------------------------------------------------
# OWASP's CSV-injection list: what a spreadsheet may read as the start of a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_BOLD = Font(name="Tahoma", size=10, bold=True)
_PLAIN = Font(name="Tahoma", size=10)  # Thai glyphs on every Windows and Mac
_HEAD_FILL = PatternFill("solid", fgColor="DDE6F0")


def _put(sheet, row: int, column: int, value, font: Font = _PLAIN):
    """Write one cell; text that could start a formula stays text, shown as written."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = value
        # openpyxl reads a leading = as a formula; a string cell with quotePrefix is text
        # for Excel and LibreOffice, and stays text when someone edits it there.
        cell.data_type = "s"
        if value.startswith(_FORMULA_START):
            cell.quotePrefix = True
    else:
        cell.value = value
    cell.font = font
    return cell


def _display_width(text: str) -> int:
    # Thai vowel and tone marks sit on their letter and take no width of their own.
    return sum(unicodedata.category(ch) != "Mn" for ch in text)


def _thai_screen() -> bool:
    return (get_language() or "th").startswith("th")


def _screen_digits(value) -> str:
    return thai.thai_digits(value) if _thai_screen() else str(value)


def activity_dates(activity: Activity, digits: str) -> str:
    """๑๒–๑๓ มีนาคม ๒๕๖๑ (B.E.), or nothing for an activity without a date."""
    if not activity.start_date:
        return ""
    return thai.thai_date_range(activity.start_date, activity.end_date, digits=digits)


def _checked_in(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{thai.thai_date(local, style='short', digits='arabic')} {local:%H:%M}"


def _write_table(sheet, first_row: int, rows: list[Row], contacts: bool) -> None:
    columns = [
        pgettext("list column", "No."), _("name prefix"), _("first name"), _("last name"),
        _("position"), _("organisation"), _("status"), _("checked in at"),
    ]  # fmt: skip
    if contacts:
        columns += [_("e-mail"), _("telephone"), _("mobile telephone")]
    widths = [_display_width(c) for c in columns]
    for col, title in enumerate(columns, 1):
        _put(sheet, first_row, col, title, _BOLD).fill = _HEAD_FILL
    for n, r in enumerate(rows, 1):
        values = [
            n, r.prefix, r.first_name, r.last_name, r.position, r.organization,
            str(Registration.Status(r.status).label), _checked_in(r.checked_in_at),
        ]  # fmt: skip
        if contacts:
            values += [r.email, r.phone, r.mobile]
        for col, value in enumerate(values, 1):
            _put(sheet, first_row + n, col, value)
            widths[col - 1] = max(widths[col - 1], _display_width(str(value)))
    for col, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(col)].width = min(max(width + 3, 6), 60)
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A{first_row}:{last}{first_row + len(rows)}"
    sheet.freeze_panes = f"A{first_row + 1}"
    sheet.print_title_rows = f"{first_row}:{first_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def list_xlsx(plist: ParticipantList, *, contacts: bool) -> bytes:
    """The list with a heading (activity, B.E. date, place, counts); e-mail and telephone
    only when ``contacts`` (the reader may see people's contact details)."""
    a = plist.activity
    digits = "thai" if _thai_screen() else "arabic"
    book = Workbook()
    sheet = book.active
    sheet.title = pgettext("sheet", "Participants")
    counts = {
        "registered": _screen_digits(len(plist.rows)),
        "attended": _screen_digits(plist.attended),
        "waiting": _screen_digits(len(plist.waiting)),
    }
    title = _("Activity %(number)s: %(title)s") % {
        "number": _screen_digits(a.number),
        "title": a.title,
    }
    heading = [
        (title, Font(name="Tahoma", size=13, bold=True)),
        (a.program.title, _PLAIN),
        (" · ".join(t for t in (activity_dates(a, digits), plist.place) if t), _PLAIN),
        (
            _("Registered: %(registered)s · attended: %(attended)s · waiting list: %(waiting)s")
            % counts,
            _PLAIN,
        ),
    ]
    for n, (text, font) in enumerate(heading, 1):
        _put(sheet, n, 1, text, font)
    _write_table(sheet, len(heading) + 2, plist.rows, contacts)
    if plist.waiting:
        waiting = book.create_sheet(pgettext("sheet", "Waiting list"))
        _put(waiting, 1, 1, _("Waiting list, in the order people will move up"), _BOLD)
        _write_table(waiting, 3, plist.waiting, contacts)
    book.properties.title = f"{a.program.title} – {a.title}"[:250]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
