"""Check-in at the door: one scan is one answer, however often it is sent.

A scan carries a client-made ``nonce`` (a UUID). The first request with a nonce decides and
stores the outcome in ``CheckIn``; every later request with that nonce (a retry, a parallel
duplicate, an offline device uploading again) gets the stored outcome: the nonce's unique
index refuses the second row, and the answer is read from the first.

Speed (docs/benchmarks.md, "Check-in"): everything is read before the write transaction,
which holds only the writes: one compare-and-set UPDATE of the registration ("attended,
if it still is what we read"), the scan's row, the audit row. Two scans of one code in
parallel are therefore one ``ok`` and one ``already`` without a row lock, and on SQLite the
database's single write lock is held for three statements, not for the whole decision.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from cophub.accounts.models import User
from cophub.core.errors import DomainError
from cophub.core.thai import thai_date, thai_digits
from cophub.participants.models import CheckIn, RegistrationPolicy
from cophub.participants.permissions import can_check_in, can_check_in_anywhere
from cophub.participants.services.checkin_sql import (
    audit_row,
    door_activity,
    door_registration,
    write_scan,
)
from cophub.programs.models import Activity, Registration

# pretix-style reason codes, with the sentence a phone shows in big letters.
REASONS = {
    "unknown": _("Unknown code: this QR is not a CoP Hub registration."),
    "not_registered": _("Not registered for this activity."),
    "waiting": _("On the waiting list, not yet confirmed for this activity."),
    "cancelled": _("This registration was cancelled."),
    "already": _("Already checked in."),
    "outside_window": _("Outside the check-in window of this activity."),
}
# A scan uploaded this long after it was made came from a device that was offline.
LATE_AFTER = timedelta(minutes=2)
# A device clock this far ahead is wrong: the scan is taken as made on arrival.
CLOCK_SKEW = timedelta(minutes=5)
# What a CheckIn row keeps of the scanned text (its column's length).
CODE_KEPT = 64
# The registration, its person and activity, and the activity's policy, in one query.
_RELATED = ("activity__program", "activity__registration_policy", "person__organization")


@dataclass(frozen=True)
class CheckInResult:
    status: str  # "ok" | "already" | "refused"
    reason: str  # "" for ok; a REASONS key otherwise
    registration: Registration | None
    checked_in_at: datetime | None
    late: bool

    @property
    def message(self) -> str:
        """The sentence for the phone, in the active language."""
        if self.status == CheckIn.Status.OK:
            return gettext("Checked in.")
        if self.reason == "already" and self.checked_in_at is not None:
            return gettext("Already checked in at %(time)s.") % {"time": clock(self.checked_in_at)}
        return str(REASONS[self.reason])


def clock(moment: datetime) -> str:
    """The local time of day the way the screen's language writes it: ``๐๙.๓๐ น.`` in Thai,
    ``09:30`` in English, with the date in front when it is not today."""
    local = timezone.localtime(moment)
    thai = (get_language() or "th").startswith("th")
    text = f"{local:%H.%M} น." if thai else f"{local:%H:%M}"
    if local.date() != timezone.localdate():
        day = (
            thai_date(local.date(), style="short", digits="arabic")
            if thai
            else f"{local:%-d %b %Y}"
        )
        text = f"{day} {text}"
    return thai_digits(text) if thai else text


def policy_of(activity: Activity) -> RegistrationPolicy:
    """The activity's policy, or the defaults (closed, window from its dates) unsaved."""
    try:
        return activity.registration_policy
    except RegistrationPolicy.DoesNotExist:
        return RegistrationPolicy(activity=activity)


def in_checkin_window(activity: Activity, moment: datetime) -> bool:
    opens, closes = policy_of(activity).checkin_window()
    return (opens is None or moment >= opens) and (closes is None or moment <= closes)


def _clean(code: str) -> str:
    """What was scanned, as a string the database can hold and compare: no control
    characters (PostgreSQL refuses a NUL), no surrounding blanks, at most a column long."""
    text = "".join(ch for ch in str(code) if ch >= " " and ch != "\x7f").strip()
    return text[:CODE_KEPT]


def _when(scanned_at: datetime | None, received: datetime) -> datetime:
    """The time the scan counts as made: the device's, unless its clock is ahead of ours."""
    if scanned_at is None:
        return received
    if timezone.is_naive(scanned_at):
        scanned_at = timezone.make_aware(scanned_at)  # a device's local time, like ours
    return received if scanned_at > received + CLOCK_SKEW else scanned_at


def _result(row: CheckIn) -> CheckInResult:
    registration = row.registration
    return CheckInResult(
        status=row.status,
        reason=row.reason,
        registration=registration,
        checked_in_at=registration.checked_in_at if registration else None,
        late=row.late,
    )


def _stored(nonce: uuid.UUID) -> CheckIn | None:
    return (
        CheckIn.objects.select_related(
            "activity__program", *(f"registration__{r}" for r in _RELATED)
        )
        .filter(nonce=nonce)
        .first()
    )


def _decide(
    registration: Registration | None,
    activity: Activity | None,
    when: datetime,
    missing: str,
    self_scan: bool = False,
    sheet: bool = False,
) -> str:
    """The reason a scan is refused, "already", or "" when it checks the person in."""
    if registration is None:
        return missing
    if activity is not None and registration.activity_id != activity.pk:
        return "not_registered"
    if registration.status == Registration.Status.CANCELLED:
        return "cancelled"
    if registration.status == Registration.Status.WAITING:
        return "waiting"
    if registration.status == Registration.Status.ATTENDED:
        return "already"
    if sheet:
        return ""  # signed on paper at the activity: entered afterwards, any time
    if not in_checkin_window(registration.activity, when):
        return "outside_window"
    if self_scan and None in policy_of(registration.activity).checkin_window():
        # The activity's own QR is printed and photographed: without a window (no dates,
        # none set) it would check people in from anywhere, any day.
        return "outside_window"
    return ""


def _require_allowed(actor: User, target: Activity | None) -> None:
    allowed = can_check_in(actor, target) if target else can_check_in_anywhere(actor)
    if not allowed:
        raise DomainError("permission_denied")


def checkin_record(
    *,
    actor: User,
    code: str,
    nonce: uuid.UUID,
    scanned_at: datetime | None = None,
    activity: Activity | None = None,
    method: str = CheckIn.Method.SCAN,
    activity_id: int | None = None,
) -> CheckInResult:
    """Check in the registration whose check-in code is ``code``.

    ``activity`` is the activity the scanning page is for (None from the API: the code
    decides). Refused scans are stored with their reason too. ``scanned_at`` is when an
    offline device made the scan; an upload well after it is marked late. ``activity_id``
    instead of ``activity`` (the API): the door's activity is read with the registration
    when the code is one of its own, and on its own only when not (unknown id: not_found).
    """
    received = timezone.now()
    # Refuse who may never check anyone in here before touching (or locking) anything.
    if activity is not None:
        _require_allowed(actor, activity)
    elif activity_id is None and not can_check_in_anywhere(actor):
        raise DomainError("permission_denied")
    code = _clean(code)
    registration = None
    # The actor's team role comes with the program, for the permission check below.
    actor_id = actor.pk if actor.is_authenticated else None
    if code:
        registration = door_registration("r.checkin_code = %s", [code], actor_id)
    if activity is None and activity_id is not None:
        if registration is not None and registration.activity_id == activity_id:
            activity = registration.activity
        else:
            activity = door_activity(activity_id, actor_id)
        if activity is None:
            raise DomainError("not_found")
        _require_allowed(actor, activity)
    target = activity or (registration.activity if registration else None)
    _require_allowed(actor, target)
    return _store(
        actor=actor, registration=registration, activity=activity, target=target,
        code=code, nonce=nonce, when=_when(scanned_at, received), received=received,
        method=method,
    )  # fmt: skip


class _Changed(Exception):
    """The registration changed between reading it and checking it in (a parallel scan)."""


def _store(
    *,
    actor: User,
    registration: Registration | None,
    activity: Activity | None,
    target: Activity | None,
    code: str,
    nonce: uuid.UUID,
    when: datetime,
    received: datetime,
    method: str,
    missing: str = "unknown",
    owner: User | None = None,
) -> CheckInResult:
    """Decide, keep the scan, and check the person in when it is accepted.

    Decided on the registration as read; the UPDATE checks it in only if its status is
    still that, else (a parallel scan won) it is read again and decided again. A scan made
    before the check-in already recorded (two offline phones, the later scan uploaded
    first) becomes the check-in instead, and the other the duplicate (``_earlier``).
    """
    for _attempt in range(3):
        reason = _decide(
            registration, activity, when, missing, self_scan=method == CheckIn.Method.SELF,
            sheet=method == CheckIn.Method.SHEET,
        )  # fmt: skip
        if reason == "already" and _earlier(registration, when, method, received):
            reason = ""
        status = {"": CheckIn.Status.OK, "already": CheckIn.Status.ALREADY}.get(
            reason, CheckIn.Status.REFUSED
        )
        # A code of another activity's registration is kept as scanned, but not linked to
        # it: this activity's list must not show (or count) someone registered elsewhere.
        linked = registration if reason not in ("unknown", "not_registered") else None
        row = CheckIn(
            activity=target, registration=linked, nonce=nonce, code=code, status=status,
            reason=reason, method=method, scanned_at=when, received_at=received,
            late=received - when > LATE_AFTER, by=actor if actor.is_authenticated else None,
        )  # fmt: skip
        audit = None
        # Accepted although attended already: the earlier of two offline scans.
        earlier = (
            status == CheckIn.Status.OK and registration.status == Registration.Status.ATTENDED
        )
        if status == CheckIn.Status.OK:
            change = (
                {"checked_in_at": [registration.checked_in_at.isoformat(), when.isoformat()]}
                if earlier
                else {"status": [registration.status, Registration.Status.ATTENDED]}
            )
            audit = audit_row(
                actor=actor, instance=registration,
                action="registration.checkin_moved_earlier" if earlier else "registration.checked_in",
                changes={**change, "method": method, "late": row.late},
            )  # fmt: skip
        try:
            if earlier:
                written = _move_earlier(row, registration, when, audit)
            else:
                written = write_scan(row, registration if audit else None, when, audit)
        except IntegrityError:
            # This nonce is stored already: the same scan again (or a reused nonce).
            return _same_scan(_stored(nonce), code, activity, owner)
        if not written:  # a parallel scan (or the organiser) changed the registration
            registration.refresh_from_db(fields=["status", "checked_in_at"])
            continue
        if audit is not None:
            registration.status, registration.checked_in_at = Registration.Status.ATTENDED, when
        return _result(row)
    # The status kept changing under us (an organiser editing it as it is scanned).
    raise DomainError("unavailable")


def _earlier(registration: Registration, when: datetime, method: str, received: datetime) -> bool:
    """Was this scan made offline (uploaded late) before the check-in recorded, and would
    it have been accepted then? The person was at the door at the earlier time: that is
    their check-in. Live scans never move it: two at once at the door take the lock in
    either order, and the one that waited is the duplicate, whatever its clock said."""
    if received - when <= LATE_AFTER:
        return False
    if registration.checked_in_at is None or when >= registration.checked_in_at:
        return False
    return method == CheckIn.Method.SHEET or in_checkin_window(registration.activity, when)


def _move_earlier(row: CheckIn, registration: Registration, when: datetime, audit) -> bool:
    """The attendance's time becomes ``when`` if it is still the one read; the scans that
    checked the person in until now become duplicates, and ``row`` the check-in. Rare (two
    offline phones), so plain ORM in one transaction rather than the door's hot SQL."""
    with transaction.atomic():
        moved = Registration.objects.filter(
            pk=registration.pk, status=Registration.Status.ATTENDED,
            checked_in_at=registration.checked_in_at,
        ).update(checked_in_at=when)  # fmt: skip
        if moved != 1:
            return False
        CheckIn.objects.filter(registration=registration, status=CheckIn.Status.OK).update(
            status=CheckIn.Status.ALREADY, reason="already"
        )
        row.save(force_insert=True)  # a nonce stored already: IntegrityError, all undone
        audit.save(force_insert=True)
    return True


def _same_scan(
    stored: CheckIn | None, code: str, activity: Activity | None, owner: User | None
) -> CheckInResult:
    """The stored answer to a nonce, when the request is the same scan again. Someone
    else's nonce (another code, door or participant) must not read their answer."""
    if (
        stored is None
        or stored.code != code
        or (activity is not None and stored.activity_id != activity.pk)
        or (owner is not None and stored.by_id != owner.pk)
    ):
        raise DomainError("nonce_reused")
    return _result(stored)


def checkin_self(
    *, user: User, activity: Activity, nonce: uuid.UUID | None = None
) -> CheckInResult:
    """A logged-in participant scanned the activity's own QR: check their own registration in.

    The participant need not be staff: the permission is "it is your own registration".
    """
    if not (user.is_authenticated and user.is_active):
        raise DomainError("permission_denied")
    nonce = nonce or uuid.uuid4()
    registration = door_registration(
        "r.activity_id = %s AND p.user_id = %s", [activity.pk, user.pk]
    )
    if registration is not None:
        registration.activity = activity  # the caller's, as it has read it
    now = timezone.now()
    return _store(
        actor=user, registration=registration, activity=activity, target=activity,
        code=registration.checkin_code if registration else "", nonce=nonce, when=now,
        received=now, method=CheckIn.Method.SELF, missing="not_registered", owner=user,
    )  # fmt: skip


@transaction.atomic
def attendance_from_sheet(
    *, actor: User, activity: Activity, codes: list[str]
) -> list[CheckInResult]:
    """Mark attended the people ticked on the printed sign-in sheet, entered afterwards
    (``views/field.py``). Each is a check-in of its own (its scan row and audit row, a
    fresh nonce), so someone already checked in at the door is an "already", not a
    second attendance. One transaction: a sheet is entered whole or not at all."""
    _require_allowed(actor, activity)
    rows = Registration.objects.filter(activity=activity, checkin_code__in=codes)
    return [
        checkin_record(
            actor=actor,
            code=r.checkin_code,
            nonce=uuid.uuid4(),
            activity=activity,
            method=CheckIn.Method.SHEET,
        )
        for r in rows.order_by("pk")
    ]
