"""The door: the phone check-in page, its name search, and the activity's own QR.

The page scans with the camera and posts each scan to ``POST /api/v1/checkins`` (see
``static/participants/checkin.js``); the name search is plain HTML with htmx on top, so it
works on a phone whose camera is refused or missing.
"""

from __future__ import annotations

import io
import uuid

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cophub.core.errors import DomainError
from cophub.core.thai import arabic_digits, thai_sorted
from cophub.core.views import raise_for
from cophub.participants.models import CheckIn, RegistrationPolicy
from cophub.participants.permissions import can_check_in, can_manage_participants
from cophub.participants.services.checkin import REASONS, CheckInResult, checkin_record, clock
from cophub.programs.models import Activity, Registration

# Name search: what is shown, and the prefixes people type in front of a name (นายสมชาย).
SEARCH_SHOWN = 20
SEARCH_MAX_LENGTH = 100
_PREFIXES = ("นางสาว", "น.ส.", "นาง", "นาย", "ดร.", "ว่าที่ร.ต.", "ว่าที่ ร.ต.")


def _door(request, activity_id: int) -> Activity:
    activity = get_object_or_404(
        Activity.objects.select_related("program", "registration_policy"), pk=activity_id
    )
    if not can_check_in(request.user, activity):
        raise PermissionDenied
    return activity


def _policy(activity: Activity) -> RegistrationPolicy | None:
    try:
        return activity.registration_policy
    except RegistrationPolicy.DoesNotExist:
        return None


def _counts(activity: Activity) -> dict:
    """Checked in N of M: M is everyone holding a seat (registered, attended, no-show)."""
    return Registration.objects.filter(activity=activity).aggregate(
        attended=Count("pk", filter=Q(status=Registration.Status.ATTENDED)),
        expected=Count("pk", filter=Q(status__in=Registration.HOLDS_SEAT)),
    )


def _printable(q: str) -> str:
    """A typed search without control characters (a NUL is a 500 on PostgreSQL)."""
    return "".join(ch for ch in q if ch >= " " and ch != "\x7f")


def _words(q: str) -> list[str]:
    words = []
    for word in arabic_digits(q).split():
        for prefix in _PREFIXES:
            if word.startswith(prefix) and len(word) > len(prefix):
                word = word[len(prefix) :]
                break
        words.append(word)
    return words


def _search(activity: Activity, q: str) -> tuple[list[Registration], bool]:
    """Registrations whose first or last name holds every typed word; Thai order."""
    words = _words(q)
    if not words:
        return [], False
    match = Q()
    for word in words:
        match &= Q(person__first_name__icontains=word) | Q(person__last_name__icontains=word)
    rows = list(
        Registration.objects.filter(match, activity=activity)
        .select_related("person__organization")
        .order_by("pk")[: SEARCH_SHOWN + 1]
    )
    more = len(rows) > SEARCH_SHOWN
    rows = thai_sorted(
        rows[:SEARCH_SHOWN], key=lambda r: f"{r.person.first_name} {r.person.last_name}"
    )
    for r in rows:
        # Each button carries its own nonce: a double tap is one check-in, not two.
        r.nonce = uuid.uuid4()
        r.checked_in_text = clock(r.checked_in_at) if r.checked_in_at else ""
    return rows, more


def _search_context(request, activity: Activity, q: str) -> dict:
    rows, more = _search(activity, q)
    return {
        "activity": activity, "q": q, "rows": rows, "more": more, "counts": _counts(activity),
        "can_check_in_row": (Registration.Status.REGISTERED, Registration.Status.NO_SHOW),
    }  # fmt: skip


def checkin_page(request, activity_id: int):
    activity = _door(request, activity_id)
    q = _printable(request.GET.get("q", ""))[:SEARCH_MAX_LENGTH]
    return render(request, "participants/checkin.html", _page_context(request, activity, q))


def _page_context(request, activity: Activity, q: str) -> dict:
    policy = _policy(activity)
    opens, closes = (policy or RegistrationPolicy(activity=activity)).checkin_window()
    return {
        **_search_context(request, activity, q),
        "program": activity.program, "policy": policy, "window": _window_text(opens, closes),
        "api_url": reverse("api:checkin_create"),
        "can_manage": can_manage_participants(request.user, activity),
        "strings": {
            "head_ok": _("Checked in"),
            "head_already": _("Already checked in"),
            "head_refused": _("Not checked in"),
            "checking": _("Checking…"),
            "queued": _("Kept on this phone, not sent yet: %(n)s"),
            "camera_off": _("The camera cannot be used here. Search by name below."),
            "camera_start": _("Point the camera at the participant's QR code."),
            "decoder_failed": _("QR reading is not available on this phone. Search by name below."),
            "offline": _("No connection: the scan is kept on this phone and sent when the connection is back."),
            "sent_later": _("A scan kept on this phone was sent."),
            "not_a_code": _("Unknown code: this QR is not a CoP Hub registration."),
            "error": _("Something went wrong. Please scan again."),
            "chip_online": _("Online"),
            "chip_offline": _("Offline: scans are checked on this phone"),
            "chip_waiting": _("%(n)s scan(s) waiting to be sent"),
            "chip_list": _("list of %(n)s people on this phone"),
            "duplicates": _("%(n)s duplicate scan(s) were flagged for the organiser."),
            "already_at": _("Already checked in at %(time)s."),
            "check_in": _("Check in"),
            **{f"reason_{key}": str(text) for key, text in REASONS.items()},
        },
    }  # fmt: skip


def _window_text(opens, closes) -> str:
    if opens and closes:
        return _("check-in from %(opens)s to %(closes)s") % {
            "opens": clock(opens), "closes": clock(closes)
        }  # fmt: skip
    if opens:
        return _("check-in from %(opens)s") % {"opens": clock(opens)}
    if closes:
        return _("check-in until %(closes)s") % {"closes": clock(closes)}
    return _("check-in at any time")


@require_http_methods(["GET", "POST"])
def checkin_search(request, activity_id: int):
    """GET: people of this activity by part of their name. POST: check one of them in."""
    activity = _door(request, activity_id)
    htmx = request.headers.get("HX-Request") == "true"
    if request.method == "POST":
        return _search_checkin(request, activity, htmx)
    q = _printable(request.GET.get("q", ""))[:SEARCH_MAX_LENGTH]
    if request.GET.get("part") == "counter":
        return render(
            request,
            "participants/checkin_counter.html",
            {"activity": activity, "counts": _counts(activity)},
        )
    if htmx:
        return render(
            request, "participants/checkin_results.html", _search_context(request, activity, q)
        )
    return render(request, "participants/checkin.html", _page_context(request, activity, q))


def _search_checkin(request, activity: Activity, htmx: bool):
    try:
        registration_id = int(request.POST.get("registration", ""))
        nonce = uuid.UUID(request.POST.get("nonce", ""))
    except ValueError:
        return HttpResponseBadRequest(
            render_to_string("400.html", {"message": _("Choose a person from the list.")}, request)
        )
    registration = get_object_or_404(Registration, pk=registration_id, activity=activity)
    q = _printable(request.POST.get("q", ""))[:SEARCH_MAX_LENGTH]
    try:
        result = checkin_record(
            actor=request.user, code=registration.checkin_code, nonce=nonce, activity=activity,
            method=CheckIn.Method.SEARCH,
        )  # fmt: skip
    except DomainError as exc:
        raise_for(exc)
        page = render_to_string("400.html", {"message": exc.message}, request)
        return HttpResponse(page, status=exc.status)
    if htmx:
        context = {**_search_context(request, activity, q), "result": _shown(result)}
        return render(request, "participants/checkin_searched.html", context)
    messages.add_message(
        request, messages.SUCCESS if result.status == "ok" else messages.ERROR, _line(result)
    )
    url = reverse("participants:checkin", args=[activity.pk])
    return redirect(f"{url}?{urlencode({'q': q})}" if q else url)


def _shown(result: CheckInResult) -> dict:
    person = result.registration.person if result.registration else None
    return {"status": result.status, "reason": result.reason, "message": result.message,
            "person": person}  # fmt: skip


def _line(result: CheckInResult) -> str:
    person = result.registration.person if result.registration else None
    return f"{person.full_name}: {result.message}" if person else result.message


def _gate_url(policy: RegistrationPolicy) -> str:
    return settings.SITE_URL + reverse("participants:gate", args=[policy.activity_code])


@require_GET
def checkin_poster(request, activity_id: int):
    """The activity's own QR, big, for the projector or the bus door; printable."""
    activity = _door(request, activity_id)
    policy = _policy(activity)
    context = {
        "activity": activity, "program": activity.program, "policy": policy,
        "can_manage": can_manage_participants(request.user, activity),
        "gate_url": _gate_url(policy) if policy else "",
    }  # fmt: skip
    return render(request, "participants/checkin_poster.html", context)


@require_GET
def activity_qr(request, activity_id: int):
    """SVG of the address the activity's QR opens (the gate). No policy yet: 404, since
    making one is a write and a GET never writes; the poster page says what to do."""
    activity = _door(request, activity_id)
    policy = _policy(activity)
    if policy is None:
        raise_for(DomainError("not_found"))
    out = io.BytesIO()
    # Error correction Q: still scans on a glaring projector screen or a creased print.
    segno.make(_gate_url(policy), error="q", micro=False).save(
        out, kind="svg", scale=10, border=4, xmldecl=False, title=str(activity)
    )
    response = HttpResponse(out.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response
