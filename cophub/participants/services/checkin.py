"""Check-in at the door: one scan is one answer, however often it is sent.

A scan carries a client-made ``nonce`` (a UUID). The first request with a nonce decides and
stores the outcome in ``CheckIn``; every later request with that nonce (a retry, a parallel
duplicate, an offline device uploading again) reads the stored outcome. The registration row
is locked while deciding, so two different scans of one code give one ``ok`` and one
``already``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cophub.accounts.models import User
from cophub.core.audit import audit_record
from cophub.core.errors import DomainError
from cophub.participants.models import CheckIn, RegistrationPolicy
from cophub.participants.permissions import can_check_in, can_check_in_anywhere
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


@dataclass(frozen=True)
class CheckInResult:
    status: str  # "ok" | "already" | "refused"
    reason: str  # "" for ok; a REASONS key otherwise
    registration: Registration | None
    checked_in_at: datetime | None
    late: bool

    @property
    def message(self) -> str:
        if self.status == CheckIn.Status.OK:
            return str(_("Checked in."))
        return str(REASONS[self.reason])


def policy_of(activity: Activity) -> RegistrationPolicy:
    """The activity's policy, or the defaults (closed, window from its dates) unsaved."""
    try:
        return activity.registration_policy
    except RegistrationPolicy.DoesNotExist:
        return RegistrationPolicy(activity=activity)


def in_checkin_window(activity: Activity, moment: datetime) -> bool:
    opens, closes = policy_of(activity).checkin_window()
    return (opens is None or moment >= opens) and (closes is None or moment <= closes)


def _result(row: CheckIn) -> CheckInResult:
    registration = row.registration
    return CheckInResult(
        status=row.status,
        reason=row.reason,
        registration=registration,
        checked_in_at=registration.checked_in_at if registration else None,
        late=row.late,
    )


def _decide(
    registration: Registration | None, activity: Activity | None, when: datetime, missing: str
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
    if not in_checkin_window(registration.activity, when):
        return "outside_window"
    return ""


@transaction.atomic
def checkin_record(
    *,
    actor: User,
    code: str,
    nonce: uuid.UUID,
    scanned_at: datetime | None = None,
    activity: Activity | None = None,
    method: str = CheckIn.Method.SCAN,
) -> CheckInResult:
    """Check in the registration whose check-in code is ``code``.

    ``activity`` is the activity the scanning page is for (None from the API: the code
    decides). Refused scans are stored with their reason too.
    """
    received = timezone.now()
    stored = CheckIn.objects.select_related("registration").filter(nonce=nonce).first()
    if stored is not None:
        return _same_scan(stored, code)
    registration = (
        Registration.objects.select_for_update()
        .select_related("activity__program", "person")
        .filter(checkin_code=code[:64])
        .first()
    )
    target = activity or (registration.activity if registration else None)
    allowed = can_check_in(actor, target) if target else can_check_in_anywhere(actor)
    if not allowed:
        raise DomainError("permission_denied")
    # A parallel duplicate may have committed while this one waited for the row lock.
    stored = CheckIn.objects.select_related("registration").filter(nonce=nonce).first()
    if stored is not None:
        return _same_scan(stored, code)
    when = received if scanned_at is None or scanned_at > received + CLOCK_SKEW else scanned_at
    return _store(
        actor=actor, registration=registration, activity=activity, target=target,
        code=code[:64], nonce=nonce, when=when, received=received, method=method,
    )  # fmt: skip


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
) -> CheckInResult:
    """Decide, keep the scan, and check the person in when it is accepted."""
    reason = _decide(registration, activity, when, missing)
    status = {"": CheckIn.Status.OK, "already": CheckIn.Status.ALREADY}.get(
        reason, CheckIn.Status.REFUSED
    )
    row = CheckIn(
        activity=target,
        registration=registration if reason not in ("unknown", "not_registered") else None,
        nonce=nonce,
        code=code,
        status=status,
        reason=reason,
        method=method,
        scanned_at=when,
        received_at=received,
        late=received - when > LATE_AFTER,
        by=actor if actor.is_authenticated else None,
    )
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        # The same nonce from a request that did not wait on a row (an unknown code).
        return _same_scan(CheckIn.objects.select_related("registration").get(nonce=nonce), code)
    if status == CheckIn.Status.OK:
        registration.status = Registration.Status.ATTENDED
        registration.checked_in_at = when
        registration.save(update_fields=["status", "checked_in_at"])
        audit_record(
            actor=actor,
            action="registration.checked_in",
            instance=registration,
            changes={"status": ["registered", "attended"], "method": method, "late": row.late},
        )
    return _result(row)


def _same_scan(stored: CheckIn, code: str) -> CheckInResult:
    if stored.code != code[:64]:
        raise DomainError("nonce_reused")
    return _result(stored)


@transaction.atomic
def checkin_self(
    *, user: User, activity: Activity, nonce: uuid.UUID | None = None
) -> CheckInResult:
    """A logged-in participant scanned the activity's own QR: check their own registration in.

    The participant need not be staff: the permission is "it is your own registration".
    """
    nonce = nonce or uuid.uuid4()
    stored = CheckIn.objects.select_related("registration").filter(nonce=nonce).first()
    if stored is not None:
        return _result(stored)
    registration = (
        Registration.objects.select_for_update()
        .select_related("activity__program", "person")
        .filter(activity=activity, person__user=user)
        .first()
    )
    now = timezone.now()
    return _store(
        actor=user, registration=registration, activity=activity, target=activity,
        code=registration.checkin_code if registration else "", nonce=nonce, when=now,
        received=now, method=CheckIn.Method.SELF, missing="not_registered",
    )  # fmt: skip
