"""The field kit's pages for the organiser (docs/surveys.md, "Offline"): scans that came in
late or twice from offline phones, and the printed sign-in sheet entered afterwards from
the keyboard (for a place with no phones at all)."""

from __future__ import annotations

import re

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cophub.core.errors import DomainError
from cophub.core.thai import arabic_digits
from cophub.core.views import raise_for
from cophub.participants import exports
from cophub.participants.models import CheckIn
from cophub.participants.offline import door_review
from cophub.participants.services.checkin import attendance_from_sheet
from cophub.participants.views.checkin import _door
from cophub.privacy.models import PersonalDataRead
from cophub.privacy.services import personal_data_read
from cophub.programs.models import Registration

# "1 3 5-9" (Thai or Arabic digits; spaces, commas): the row numbers printed on the sheet.
_NUMBERS = re.compile(r"^[\d\s,\-–]*$")
_RANGE = re.compile(r"(\d+)\s*[-–]\s*(\d+)|(\d+)")
SHEET_MAX_ROWS = 2000


def checkin_review(request, activity_id: int):
    activity = _door(request, activity_id)
    review = door_review(activity=activity)
    return render(
        request, "participants/checkin_review.html",
        {"activity": activity, "program": activity.program, "review": review},
    )  # fmt: skip


def parse_rows(text: str, last: int) -> list[int]:
    """The 1-based row numbers typed, in order, once each; DomainError for anything else."""
    text = arabic_digits(text or "").strip()
    if not _NUMBERS.match(text):
        raise DomainError("sheet_rows_invalid")
    rows: list[int] = []
    for a, b, one in _RANGE.findall(text):
        low, high = (int(one), int(one)) if one else (int(a), int(b))
        if low < 1 or high > last or low > high or high - low > SHEET_MAX_ROWS:
            raise DomainError("sheet_rows_invalid")
        rows.extend(n for n in range(low, high + 1) if n not in rows)
    return rows


@require_http_methods(["GET", "POST"])
def checkin_sheet(request, activity_id: int):
    """The sign-in sheet's rows, numbered as printed (``exports.participant_list``): type
    the numbers of those who signed ("1 3 5-9") or tick them, then Enter."""
    activity = _door(request, activity_id)
    plist = exports.participant_list(activity=activity)
    error = ""
    if request.method == "POST":
        try:
            numbers = parse_rows(request.POST.get("rows", ""), len(plist.rows))
            codes = {plist.rows[n - 1].checkin_code for n in numbers}
            codes |= {c for c in request.POST.getlist("code") if c}
            results = attendance_from_sheet(
                actor=request.user, activity=activity, codes=list(codes)
            )
        except DomainError as exc:
            raise_for(exc)  # a 403 stays a 403
            error = exc.message
        else:
            ok = sum(r.status == CheckIn.Status.OK for r in results)
            messages.success(
                request,
                _("Marked %(ok)s attended from the sheet; %(already)s were checked in already.")
                % {"ok": ok, "already": len(results) - ok},
            )
            return redirect("participants:checkin_sheet", activity_id=activity.pk)
    personal_data_read(
        viewer=request.user, kind=PersonalDataRead.Kind.ROSTER, instance=activity,
        people=plist.person_ids,
    )  # fmt: skip
    context = {
        "activity": activity, "program": activity.program, "rows": plist.rows, "error": error,
        "attended": Registration.Status.ATTENDED, "typed": request.POST.get("rows", ""),
    }  # fmt: skip
    return render(request, "participants/checkin_sheet.html", context, status=400 if error else 200)
