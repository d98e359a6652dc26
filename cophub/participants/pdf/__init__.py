"""The printable sign-in sheet (ใบลงทะเบียน) and name badges, laid out by Typst.

Both are formal Thai documents, like the report and the survey poster: Thai words and
Thai digits (written by ``core.thai``) whatever the reader's screen language, the
self-hosted Sarabun font. The templates are the ``.typ`` files beside this module; the
data reaches them as JSON, so a name is always text and never Typst markup.

A badge costs about 5 ms, three fifths of it segno choosing the QR's mask: a list longer
than ``PARTICIPANT_BADGES_IN_REQUEST`` (500 unless set) is drawn by a job with progress
instead of in the request (docs/participants.md has the figures).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path

import segno
import typst
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cophub.core import thai
from cophub.core.errors import DomainError
from cophub.jobs.runner import JobRun, job_kind
from cophub.participants.exports import (
    ParticipantList,
    activity_dates,
    filename,
    participant_list,
    shorten,
)
from cophub.participants.permissions import can_check_in, require_check_in
from cophub.privacy.models import PersonalDataRead
from cophub.privacy.services import personal_data_read
from cophub.programs.models import Activity

PDF = "application/pdf"
TEMPLATES = Path(__file__).resolve().parent
FONTS = TEMPLATES.parent.parent / "core" / "fonts"
MORE_PAGES = "cophub: more page numbers needed"
BLANK_ROWS = 10  # at the end of each day's sheet, for walk-ins
MAX_DAYS = 14  # a longer activity gets one sheet with its date range
BADGE_TITLE = 110  # characters of the activity's title on a badge: two lines at most
BADGES_KIND = "participants.badges"
Progress = Callable[[int, int], None]


def _compile(template: str, data: dict) -> bytes:
    return typst.compile(
        (TEMPLATES / template).read_bytes(),
        font_paths=[str(FONTS)],
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
    )


def _activity_line(a: Activity) -> str:
    return f"ครั้งที่ {thai.thai_digits(a.number)} เรื่อง {a.title}"


# --- the sign-in sheet ----------------------------------------------------------------
def _days(a: Activity) -> list[str]:
    """One sheet a day of the activity; a date line to fill in by hand when it has none."""
    if not a.start_date:
        return ["วันที่ ........................................"]
    end = a.end_date or a.start_date
    count = (end - a.start_date).days + 1
    if count > MAX_DAYS:
        return ["ระหว่างวันที่ " + thai.thai_date_range(a.start_date, end)]
    return [
        "วันที่ " + thai.thai_date(a.start_date + dt.timedelta(days=i), style="long")
        for i in range(count)
    ]


def signin_pdf(plist: ParticipantList, *, pages: int | None = None) -> bytes:
    """ใบลงทะเบียน: ลำดับ, name, position, organisation and a signature column, the table
    header on every page, ``BLANK_ROWS`` numbered empty rows for walk-ins.

    Typst only knows which page it is on, so it gets the Thai label of each page it may
    need and panics when the sheet outgrows them; then it runs again with twice as many
    (``pages``: the first guess, which a test may set low)."""
    a = plist.activity
    rows = [
        {"no": thai.thai_digits(n), "name": r.name, "position": r.position,
         "organization": r.organization}
        for n, r in enumerate(plist.rows, 1)
    ]  # fmt: skip
    rows += [
        {"no": thai.thai_digits(n), "name": "", "position": "", "organization": ""}
        for n in range(len(rows) + 1, len(rows) + BLANK_ROWS + 1)
    ]
    days = _days(a)
    data = {
        "title": _activity_line(a),
        "program": a.program.title,
        "place": plist.place,
        "days": days,
        "columns": ["ลำดับ", "ชื่อ - สกุล", "ตำแหน่ง", "หน่วยงาน", "ลายมือชื่อ"],
        "rows": rows,
        "more_pages": MORE_PAGES,
    }
    # About 15 rows fit on a page; a wrapped name makes a row taller, hence the rerun.
    pages = pages or len(days) * (len(rows) // 12 + 2)
    while True:
        data["page_numbers"] = [thai.thai_digits(n) for n in range(1, pages + 1)]
        try:
            return _compile("signin.typ", data)
        except typst.TypstError as exc:
            if MORE_PAGES not in str(exc):
                raise
            pages *= 2


# --- badges ---------------------------------------------------------------------------
def checkin_qr_svg(code: str) -> str:
    """The check-in code alone (what the door's scanner expects), error correction Q."""
    out = io.BytesIO()
    segno.make(code, error="q", micro=False).save(out, kind="svg", border=4, xmldecl=False)
    return out.getvalue().decode()


def badges_in_request() -> int:
    return int(getattr(settings, "PARTICIPANT_BADGES_IN_REQUEST", 500))


def badges_pdf(plist: ParticipantList, *, progress: Progress | None = None) -> bytes:
    """A4 sheets of 2 × 4 badges: name, position, organisation, the activity and the QR.

    ``progress(done, total)``: badges drawn so far, the last step being the layout."""
    a = plist.activity
    total = len(plist.rows) + 1
    badges = []
    for n, r in enumerate(plist.rows, 1):
        badges.append(
            {"name": r.name, "position": r.position, "organization": r.organization,
             "qr": checkin_qr_svg(r.checkin_code)}
        )  # fmt: skip
        if progress and n % 100 == 0:
            progress(n, total)
    data = {
        "title": shorten(_activity_line(a), BADGE_TITLE, "…"),
        "when": activity_dates(a, "thai"),
        "empty": "ยังไม่มีผู้ลงทะเบียนในกิจกรรมนี้",
        "badges": badges,
    }
    body = _compile("badges.typ", data)
    if progress:
        progress(total, total)
    return body


def _may_print(user, params: dict) -> bool:
    activity = Activity.objects.select_related("program").filter(pk=params.get("activity_id"))
    activity = activity.first()
    return activity is not None and can_check_in(user, activity)


@job_kind(BADGES_KIND, title=_("Name badges"), may_read=_may_print)
def badges_job(run: JobRun, *, activity_id: int) -> None:
    """The badges of a long list; whoever started it must still be allowed to print them."""
    activity = Activity.objects.select_related("program").filter(pk=activity_id).first()
    if activity is None or run.job.owner is None:
        raise DomainError("not_found")
    require_check_in(run.job.owner, activity)
    plist = participant_list(activity=activity)
    body = badges_pdf(plist, progress=run.progress)
    run.save_file(filename("badges", activity, "pdf")[0], body)
    # The file goes only to whoever started the job: they are the one who takes it away.
    personal_data_read(
        viewer=run.job.owner, kind=PersonalDataRead.Kind.BADGES_PDF, instance=activity,
        people=plist.person_ids, exported=True,
    )  # fmt: skip
