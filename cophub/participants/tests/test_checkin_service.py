"""The check-in service: every reason, window edges, late uploads, nonces, self check-in."""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid

import pytest
from django.utils import timezone
from django.utils.translation import override

from cophub.core.audit import AuditLog
from cophub.core.errors import DomainError
from cophub.participants.models import CheckIn, RegistrationPolicy
from cophub.participants.services.checkin import (
    LATE_AFTER,
    REASONS,
    checkin_record,
    checkin_self,
    clock,
    in_checkin_window,
)
from cophub.programs.models import Registration
from cophub.testing import ActivityFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
R = Registration.Status


@pytest.fixture
def open_door(activity):
    """The conftest activity with its check-in window open now (an hour ago to in three)."""
    now = timezone.now()
    RegistrationPolicy.objects.filter(activity=activity).update(
        checkin_opens_at=now - dt.timedelta(hours=1), checkin_closes_at=now + dt.timedelta(hours=3)
    )
    activity.refresh_from_db()
    return activity


@pytest.fixture
def seat(open_door, participant):
    return RegistrationFactory(activity=open_door, person=participant.person, status=R.REGISTERED)


@contextlib.contextmanager
def raises_code(code: str):
    with pytest.raises(DomainError) as exc:
        yield
    assert exc.value.code == code


def scan(actor, code, **kwargs):
    return checkin_record(actor=actor, code=code, nonce=kwargs.pop("nonce", uuid.uuid4()), **kwargs)


def test_a_scan_checks_the_person_in_once_and_is_audited(door, seat):
    result = scan(door, seat.checkin_code)
    seat.refresh_from_db()
    assert (result.status, result.reason, result.late) == ("ok", "", False)
    assert result.registration == seat and seat.status == R.ATTENDED
    assert result.checked_in_at == seat.checked_in_at is not None
    log = AuditLog.objects.get(action="registration.checked_in")
    assert (log.actor, log.object_id) == (door, str(seat.pk))
    assert log.changes == {"status": ["registered", "attended"], "method": "scan", "late": False}
    row = CheckIn.objects.get()
    assert (row.status, row.registration, row.activity, row.by) == ("ok", seat, seat.activity, door)


def test_two_scans_of_one_code_are_one_ok_and_one_already(door, seat):
    first, second = scan(door, seat.checkin_code), scan(door, seat.checkin_code)
    assert (first.status, second.status, second.reason) == ("ok", "already", "already")
    assert second.checked_in_at == first.checked_in_at
    assert CheckIn.objects.count() == 2
    assert AuditLog.objects.filter(action="registration.checked_in").count() == 1


def test_the_same_nonce_is_the_same_answer_and_one_row(door, seat):
    nonce = uuid.uuid4()
    answers = [scan(door, seat.checkin_code, nonce=nonce) for _ in range(3)]
    assert {(a.status, a.reason) for a in answers} == {("ok", "")}
    assert CheckIn.objects.count() == 1


def test_the_same_nonce_with_another_code_is_refused(door, seat, open_door):
    other = RegistrationFactory(activity=open_door, status=R.REGISTERED)
    nonce = uuid.uuid4()
    scan(door, seat.checkin_code, nonce=nonce)
    with pytest.raises(DomainError) as exc:
        scan(door, other.checkin_code, nonce=nonce)
    assert exc.value.code == "nonce_reused" and exc.value.status == 409
    other.refresh_from_db()
    assert other.status == R.REGISTERED


def test_the_same_nonce_from_another_door_is_refused(door, seat):
    nonce = uuid.uuid4()
    scan(door, seat.checkin_code, nonce=nonce, activity=seat.activity)
    elsewhere = ActivityFactory(program=seat.activity.program)
    with raises_code("nonce_reused"):
        scan(door, seat.checkin_code, nonce=nonce, activity=elsewhere)


@pytest.mark.parametrize(
    ("status", "reason"),
    [(R.CANCELLED, "cancelled"), (R.WAITING, "waiting"), (R.ATTENDED, "already")],
)
def test_a_registration_that_cannot_check_in_is_refused_and_kept(door, seat, status, reason):
    Registration.objects.filter(pk=seat.pk).update(status=status)
    result = scan(door, seat.checkin_code)
    assert (result.reason, result.registration) == (reason, seat)
    assert result.status == ("already" if reason == "already" else "refused")
    row = CheckIn.objects.get()
    assert (row.reason, row.registration_id, row.code) == (reason, seat.pk, seat.checkin_code)
    seat.refresh_from_db()
    assert seat.status == status


def test_a_no_show_who_turns_up_is_checked_in(door, seat):
    Registration.objects.filter(pk=seat.pk).update(status=R.NO_SHOW)
    assert scan(door, seat.checkin_code).status == "ok"
    log = AuditLog.objects.get(action="registration.checked_in")
    assert log.changes["status"] == ["no_show", "attended"]


def test_an_unknown_code_is_refused_and_kept_with_what_was_scanned(door):
    result = scan(door, "https://shop.example/qr/12345")
    assert (result.status, result.reason, result.registration) == ("refused", "unknown", None)
    row = CheckIn.objects.get()
    assert (row.code, row.reason, row.activity) == (
        "https://shop.example/qr/12345",
        "unknown",
        None,
    )


def test_control_characters_and_long_codes_never_reach_the_database_raw(door):
    result = scan(door, "abc\x00def" + "x" * 1000)
    assert result.reason == "unknown"
    row = CheckIn.objects.get()
    assert "\x00" not in row.code and len(row.code) == 64 and row.code.startswith("abcdef")


def test_a_code_of_another_activity_at_this_door_is_not_registered(door, seat):
    here = ActivityFactory(program=seat.activity.program)
    result = scan(door, seat.checkin_code, activity=here)
    assert (result.status, result.reason, result.registration) == (
        "refused",
        "not_registered",
        None,
    )
    row = CheckIn.objects.get()
    # Kept for this door, linked to nobody: this list must not show someone from elsewhere.
    assert (row.activity, row.registration) == (here, None)
    seat.refresh_from_db()
    assert seat.status == R.REGISTERED


def test_every_reason_has_its_sentence_in_thai():
    with override("th"):
        for code, sentence in REASONS.items():
            assert (
                str(sentence)
                != {
                    "unknown": "Unknown code: this QR is not a CoP Hub registration.",
                    "not_registered": "Not registered for this activity.",
                    "waiting": "On the waiting list, not yet confirmed for this activity.",
                    "cancelled": "This registration was cancelled.",
                    "already": "Already checked in.",
                    "outside_window": "Outside the check-in window of this activity.",
                }[code]
            ), f"{code} has no Thai translation"


def test_already_says_when_in_thai_digits(door, seat):
    moment = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(9, 30)))
    Registration.objects.filter(pk=seat.pk).update(status=R.ATTENDED, checked_in_at=moment)
    result = scan(door, seat.checkin_code)
    with override("th"):
        assert result.message == "เช็คอินแล้วเมื่อเวลา ๐๙.๓๐ น."
    with override("en"):
        assert result.message == "Already checked in at 09:30."


def test_clock_gives_the_date_when_not_today():
    moment = timezone.make_aware(dt.datetime(2026, 3, 5, 8, 5))
    with override("th"):
        assert clock(moment) == "๕ มี.ค. ๖๙ ๐๘.๐๕ น."
    with override("en"):
        assert clock(moment) == "5 Mar 2026 08:05"


# --- the window -----------------------------------------------------------------------
@pytest.fixture
def windowed(activity):
    # Yesterday 08:00–17:00: scans "made then" are in the past, as an offline phone's are.
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    opens = timezone.make_aware(dt.datetime.combine(yesterday, dt.time(8, 0)))
    closes = timezone.make_aware(dt.datetime.combine(yesterday, dt.time(17, 0)))
    RegistrationPolicy.objects.filter(activity=activity).update(
        checkin_opens_at=opens, checkin_closes_at=closes
    )
    activity.refresh_from_db()
    return activity, opens, closes


@pytest.mark.parametrize(
    ("offset", "inside"),
    [
        (dt.timedelta(seconds=-1), False),
        (dt.timedelta(0), True),
        (dt.timedelta(hours=9), True),  # the closing moment itself
        (dt.timedelta(hours=9, seconds=1), False),
    ],
)
def test_window_edges(door, participant, windowed, offset, inside):
    activity, opens, _closes = windowed
    seat = RegistrationFactory(activity=activity, person=participant.person, status=R.REGISTERED)
    assert in_checkin_window(activity, opens + offset) is inside
    # A scan made then (uploaded late from an offline phone) is judged by when it was made.
    result = scan(door, seat.checkin_code, scanned_at=opens + offset)
    assert result.reason == ("" if inside else "outside_window")


def test_the_default_window_is_two_hours_before_the_first_day_to_the_end_of_the_last():
    start = dt.date(2026, 12, 10)
    activity = ActivityFactory(start_date=start, end_date=start + dt.timedelta(days=1))
    midnight = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    assert not in_checkin_window(activity, midnight - dt.timedelta(hours=2, seconds=1))
    assert in_checkin_window(activity, midnight - dt.timedelta(hours=2))
    last = timezone.make_aware(dt.datetime.combine(start + dt.timedelta(days=1), dt.time.max))
    assert in_checkin_window(activity, last)
    assert not in_checkin_window(activity, last + dt.timedelta(seconds=1))


def test_outside_the_window_is_refused_and_kept(door, participant, activity):
    seat = RegistrationFactory(activity=activity, person=participant.person, status=R.REGISTERED)
    result = scan(door, seat.checkin_code)  # the conftest activity is next week
    assert (result.status, result.reason, result.registration) == (
        "refused",
        "outside_window",
        seat,
    )
    assert CheckIn.objects.get().reason == "outside_window"


# --- late uploads -----------------------------------------------------------------------
def test_a_late_upload_keeps_the_scan_time_and_is_marked_late(door, seat):
    made = timezone.now() - dt.timedelta(minutes=40)
    result = scan(door, seat.checkin_code, scanned_at=made)
    assert (result.status, result.late) == ("ok", True)
    seat.refresh_from_db()
    assert seat.checked_in_at == made
    row = CheckIn.objects.get()
    assert row.scanned_at == made and row.received_at - made > LATE_AFTER and row.late


def test_a_scan_sent_at_once_is_not_late(door, seat):
    result = scan(door, seat.checkin_code, scanned_at=timezone.now() - dt.timedelta(seconds=20))
    assert result.late is False


def test_a_device_clock_far_ahead_counts_as_now(door, seat):
    result = scan(door, seat.checkin_code, scanned_at=timezone.now() + dt.timedelta(hours=5))
    seat.refresh_from_db()
    assert result.status == "ok" and seat.checked_in_at <= timezone.now()


def test_a_naive_scan_time_is_local_time(door, seat):
    local = timezone.localtime() - dt.timedelta(minutes=30)
    scan(door, seat.checkin_code, scanned_at=local.replace(tzinfo=None))
    seat.refresh_from_db()
    assert abs((seat.checked_in_at - local).total_seconds()) < 1


# --- who may scan -----------------------------------------------------------------------
def test_a_member_may_not_check_anyone_in(member, seat):
    for code in (seat.checkin_code, "unknown-code"):
        with raises_code("permission_denied"):
            scan(member, code)
    assert not CheckIn.objects.exists()


def test_another_organiser_may_not_check_in_at_this_activity(other_organiser, seat):
    with raises_code("permission_denied"):
        scan(other_organiser, seat.checkin_code)
    with raises_code("permission_denied"):
        scan(other_organiser, seat.checkin_code, activity=seat.activity)
    assert not CheckIn.objects.exists()


def test_a_replayed_nonce_is_no_way_round_the_permission(door, member, seat):
    nonce = uuid.uuid4()
    scan(door, seat.checkin_code, nonce=nonce)
    with raises_code("permission_denied"):
        scan(member, seat.checkin_code, nonce=nonce)


def test_the_program_organiser_and_an_admin_may(organiser, sysadmin, open_door):
    a = RegistrationFactory(activity=open_door, status=R.REGISTERED)
    b = RegistrationFactory(activity=open_door, status=R.REGISTERED)
    assert scan(organiser, a.checkin_code).status == "ok"
    assert scan(sysadmin, b.checkin_code).status == "ok"


# --- self check-in (the activity's own QR) ------------------------------------------------
def test_self_check_in(participant, seat):
    result = checkin_self(user=participant, activity=seat.activity)
    assert (result.status, result.registration) == ("ok", seat)
    row = CheckIn.objects.get()
    assert (row.method, row.by, row.code) == ("self", participant, seat.checkin_code)
    again = checkin_self(user=participant, activity=seat.activity)
    assert (again.status, again.reason) == ("already", "already")


def test_self_check_in_is_idempotent_per_nonce(participant, seat):
    nonce = uuid.uuid4()
    first = checkin_self(user=participant, activity=seat.activity, nonce=nonce)
    second = checkin_self(user=participant, activity=seat.activity, nonce=nonce)
    assert (first.status, second.status) == ("ok", "ok")
    assert CheckIn.objects.count() == 1


def test_self_check_in_without_a_registration(member, open_door):
    result = checkin_self(user=member, activity=open_door)
    assert (result.status, result.reason, result.registration) == (
        "refused",
        "not_registered",
        None,
    )
    assert CheckIn.objects.get().reason == "not_registered"


def test_self_check_in_outside_the_window(participant, activity):
    RegistrationFactory(activity=activity, person=participant.person, status=R.REGISTERED)
    assert checkin_self(user=participant, activity=activity).reason == "outside_window"


def test_self_check_in_may_not_read_someone_elses_nonce(participant, member, seat):
    nonce = uuid.uuid4()
    checkin_self(user=participant, activity=seat.activity, nonce=nonce)
    with raises_code("nonce_reused"):
        checkin_self(user=member, activity=seat.activity, nonce=nonce)


def test_self_check_in_needs_a_login(open_door):
    from django.contrib.auth.models import AnonymousUser

    with raises_code("permission_denied"):
        checkin_self(user=AnonymousUser(), activity=open_door)
