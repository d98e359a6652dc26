"""POST /api/v1/checkins: the answer's shape, idempotence, who may call it, bad bodies."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from django.test import Client
from django.utils import timezone

from cophub.accounts.services import token_create
from cophub.participants.models import CheckIn, RegistrationPolicy
from cophub.programs.models import Registration
from cophub.testing import ActivityFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/checkins"
R = Registration.Status


@pytest.fixture
def seat(activity, participant):
    now = timezone.now()
    RegistrationPolicy.objects.filter(activity=activity).update(
        checkin_opens_at=now - dt.timedelta(hours=1), checkin_closes_at=now + dt.timedelta(hours=3)
    )
    return RegistrationFactory(activity=activity, person=participant.person, status=R.REGISTERED)


def ms(moment: dt.datetime) -> dt.datetime:
    """The API writes times to the millisecond."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def api_client(user, language="th") -> Client:
    _token, secret = token_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE=language)


def post(client, body, **extra):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json", **extra)


def body_for(code, **kw):
    return {"code": code, "nonce": str(kw.pop("nonce", uuid.uuid4())), **kw}


def test_a_scan_answers_ok_with_the_person(door, seat):
    answer = post(api_client(door), body_for(seat.checkin_code))
    assert answer.status_code == 200, answer.content
    data = answer.json()
    seat.refresh_from_db()
    assert data == {
        "status": "ok",
        "reason": "",
        "message": "เช็คอินเรียบร้อย",
        "late": False,
        "registration": {
            "id": seat.pk,
            "person": {
                "title": "นาย", "first_name": "สมชาย", "last_name": "ใจดี", "name": "นายสมชาย ใจดี",
                "position": "นักวิเคราะห์นโยบายและแผน", "organization": "กรมการปกครอง",
            },
            "status": "attended",
            "checked_in_at": data["registration"]["checked_in_at"],
        },
    }  # fmt: skip
    assert dt.datetime.fromisoformat(data["registration"]["checked_in_at"]) == ms(
        seat.checked_in_at
    )


def test_the_message_follows_the_callers_language(door, seat):
    data = post(api_client(door, "en"), body_for(seat.checkin_code)).json()
    assert data["message"] == "Checked in."
    again = post(api_client(door, "en"), body_for(seat.checkin_code)).json()
    assert (again["status"], again["reason"]) == ("already", "already")
    assert again["message"].startswith("Already checked in at ")


def test_the_same_nonce_is_idempotent_and_another_code_is_409(door, seat, activity):
    client, nonce = api_client(door), uuid.uuid4()
    first = post(client, body_for(seat.checkin_code, nonce=nonce))
    second = post(client, body_for(seat.checkin_code, nonce=nonce))
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert CheckIn.objects.count() == 1
    other = RegistrationFactory(activity=activity, status=R.REGISTERED)
    reused = post(client, body_for(other.checkin_code, nonce=nonce))
    assert reused.status_code == 409
    assert reused.json()["code"] == "nonce_reused"


@pytest.mark.parametrize(
    ("status", "reason", "answer"),
    [
        (R.CANCELLED, "cancelled", "refused"),
        (R.WAITING, "waiting", "refused"),
        (R.ATTENDED, "already", "already"),
    ],
)
def test_each_refusal_reason(door, seat, status, reason, answer):
    Registration.objects.filter(pk=seat.pk).update(status=status, checked_in_at=timezone.now())
    data = post(api_client(door, "en"), body_for(seat.checkin_code)).json()
    assert (data["status"], data["reason"], data["registration"]["id"]) == (answer, reason, seat.pk)


def test_unknown_and_not_registered(door, seat):
    client = api_client(door, "en")
    unknown = post(client, body_for("no-such-code")).json()
    assert (unknown["status"], unknown["reason"], unknown["registration"]) == (
        "refused", "unknown", None,
    )  # fmt: skip
    assert unknown["message"] == "Unknown code: this QR is not a CoP Hub registration."
    elsewhere = ActivityFactory(program=seat.activity.program)
    data = post(client, body_for(seat.checkin_code, activity=elsewhere.pk)).json()
    assert (data["status"], data["reason"], data["registration"]) == (
        "refused", "not_registered", None,
    )  # fmt: skip


def test_outside_the_window(door, participant, activity):
    seat = RegistrationFactory(activity=activity, person=participant.person, status=R.REGISTERED)
    data = post(api_client(door, "en"), body_for(seat.checkin_code)).json()
    assert (data["status"], data["reason"]) == ("refused", "outside_window")
    assert data["message"] == "Outside the check-in window of this activity."


def test_a_late_upload(door, seat):
    made = timezone.now() - dt.timedelta(minutes=30)
    data = post(api_client(door), body_for(seat.checkin_code, scanned_at=made.isoformat())).json()
    assert (data["status"], data["late"]) == ("ok", True)
    assert dt.datetime.fromisoformat(data["registration"]["checked_in_at"]) == ms(made)


# --- who may call it --------------------------------------------------------------------
def test_nobody_logged_in_is_401(stranger_client, seat):
    answer = post(stranger_client, body_for(seat.checkin_code))
    assert answer.status_code == 401 and answer.json()["code"] == "unauthenticated"
    wrong = post(Client(HTTP_AUTHORIZATION="Bearer cph_wrong"), body_for(seat.checkin_code))
    assert wrong.status_code == 401
    assert not CheckIn.objects.exists()


def test_a_member_is_403_for_known_and_unknown_codes(member, seat):
    client = api_client(member)
    for code in (seat.checkin_code, "no-such-code"):
        answer = post(client, body_for(code))
        assert answer.status_code == 403 and answer.json()["code"] == "permission_denied"
    seat.refresh_from_db()
    assert seat.status == R.REGISTERED and not CheckIn.objects.exists()


def test_the_participant_may_not_check_themselves_in_through_the_staff_api(participant, seat):
    assert post(api_client(participant), body_for(seat.checkin_code)).status_code == 403


def test_another_organiser_is_403(other_organiser, seat):
    client = api_client(other_organiser)
    assert post(client, body_for(seat.checkin_code)).status_code == 403
    assert post(client, body_for(seat.checkin_code, activity=seat.activity_id)).status_code == 403


def test_the_program_organiser_facilitator_and_admin_may(organiser, door, sysadmin, activity, seat):
    for user in (organiser, door, sysadmin):
        reg = RegistrationFactory(activity=activity, status=R.REGISTERED)
        assert post(api_client(user), body_for(reg.checkin_code)).json()["status"] == "ok"


def test_a_session_works_with_its_csrf_token(door, seat):
    client = Client(enforce_csrf_checks=True)
    client.force_login(door)
    assert post(client, body_for(seat.checkin_code)).status_code == 403  # no CSRF token
    page = client.get(f"/activities/{seat.activity_id}/checkin/")
    token = page.cookies["csrftoken"].value
    answer = post(client, body_for(seat.checkin_code), HTTP_X_CSRFTOKEN=token)
    assert answer.status_code == 200 and answer.json()["status"] == "ok"


# --- bad bodies ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"nonce": str(uuid.uuid4())}, "code"),
        ({"code": "abc"}, "nonce"),
        ({"code": "abc", "nonce": "not-a-uuid"}, "nonce"),
        ({"code": "", "nonce": str(uuid.uuid4())}, "code"),
        ({"code": "a\x00b", "nonce": str(uuid.uuid4())}, "code"),
        ({"code": "x" * 100_000, "nonce": str(uuid.uuid4())}, "code"),
        ({"code": ["abc"], "nonce": str(uuid.uuid4())}, "code"),
        ({"code": "abc", "nonce": str(uuid.uuid4()), "scanned_at": "yesterday"}, "scanned_at"),
        (
            {"code": "abc", "nonce": str(uuid.uuid4()), "scanned_at": "0001-01-01T00:00:00+07:00"},
            "scanned_at",
        ),
        ({"code": "abc", "nonce": str(uuid.uuid4()), "activity": "x"}, "activity"),
        ({"code": "abc", "nonce": str(uuid.uuid4()), "activity": 2**70}, "activity"),
    ],
)
def test_a_body_that_does_not_fit_is_422_and_nothing_is_stored(door, body, path):
    answer = post(api_client(door, "en"), body)
    assert answer.status_code == 422, answer.content
    data = answer.json()
    assert data["code"] == "invalid_request"
    assert [e["path"] for e in data["errors"]] == [path]
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("raw", ["{not json", "", "[]", '"code"', b"\xff\xfe"])
def test_a_body_that_is_not_a_json_object_is_a_4xx(door, raw):
    answer = post(api_client(door), raw)
    assert answer.status_code in (400, 422)
    assert answer.json()["code"] in ("unreadable_request", "invalid_request")


def test_an_activity_that_does_not_exist_is_404(door):
    answer = post(api_client(door), body_for("abc", activity=999_999))
    assert answer.status_code == 404 and answer.json()["code"] == "not_found"


def test_a_facilitators_scan_is_the_door_read_and_one_write(
    door, activity, seat, django_assert_num_queries
):
    """The hot path (docs/benchmarks.md, "Check-in"): the team role comes with the door's
    read, so a scan costs what it did before program teams: the read, then on SQLite a
    transaction (UPDATE, two INSERTs), on PostgreSQL one statement; each write inside the
    test's transaction is wrapped in a savepoint and its release."""
    client = api_client(door)
    other = RegistrationFactory(activity=activity, status=R.REGISTERED)
    post(client, body_for(other.checkin_code, activity=activity.pk))  # the token is remembered
    from django.db import connection

    expected = 4 if connection.vendor == "postgresql" else 6
    with django_assert_num_queries(expected):
        answer = post(client, body_for(seat.checkin_code, activity=activity.pk))
    assert answer.json()["status"] == "ok"
