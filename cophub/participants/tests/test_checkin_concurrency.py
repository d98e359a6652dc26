"""Parallel scans through the real API, in real threads with their own database connections
(committed data: a transactional test). Runs on SQLite and on PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import datetime as dt
import json
import threading
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from cophub.accounts.models import User
from cophub.accounts.services import token_create
from cophub.core.audit import AuditLog
from cophub.participants.models import CheckIn, RegistrationPolicy
from cophub.programs.models import Registration
from cophub.testing import ActivityFactory, RegistrationFactory, UserFactory, join_team

pytestmark = pytest.mark.django_db(transaction=True)
PARALLEL = 20


@pytest.fixture
def door_token(seat) -> str:
    """A facilitator on the team of the seat's program (the door of that program only)."""
    user = UserFactory(username="door", role=User.Role.FACILITATOR)
    join_team(seat.activity.program, user)
    _token, secret = token_create(user=user)
    return secret


@pytest.fixture
def seat(transactional_db) -> Registration:
    activity = ActivityFactory()
    now = timezone.now()
    RegistrationPolicy.objects.create(
        activity=activity,
        checkin_opens_at=now - dt.timedelta(hours=1),
        checkin_closes_at=now + dt.timedelta(hours=3),
    )
    return RegistrationFactory(activity=activity, status=Registration.Status.REGISTERED)


def all_at_once(token: str, bodies: list[dict]) -> list[tuple[int, dict]]:
    """POST every body from its own thread, released together by a barrier."""
    barrier = threading.Barrier(len(bodies))
    answers: list[tuple[int, dict] | BaseException | None] = [None] * len(bodies)

    def send(i: int) -> None:
        client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="en")
        try:
            barrier.wait(timeout=30)
            r = client.post(
                "/api/v1/checkins", json.dumps(bodies[i]), content_type="application/json"
            )
            answers[i] = (r.status_code, r.json())
        except BaseException as exc:  # reported below, in the test's thread
            answers[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(bodies))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    problems = [a for a in answers if not isinstance(a, tuple)]
    assert not problems, problems
    return answers  # type: ignore[return-value]


def test_twenty_parallel_requests_with_one_nonce_are_one_check_in(door_token, seat):
    body = {"code": seat.checkin_code, "nonce": str(uuid.uuid4())}
    answers = all_at_once(door_token, [body] * PARALLEL)
    assert {status for status, _ in answers} == {200}
    assert {json.dumps(data, sort_keys=True) for _, data in answers} == {
        json.dumps(answers[0][1], sort_keys=True)
    }  # every one got the same answer…
    assert answers[0][1]["status"] == "ok"  # …and it is the check-in itself
    assert CheckIn.objects.count() == 1
    assert AuditLog.objects.filter(action="registration.checked_in").count() == 1
    seat.refresh_from_db()
    assert seat.status == Registration.Status.ATTENDED


def test_parallel_scans_of_one_code_are_one_ok_and_the_rest_already(door_token, seat):
    bodies = [{"code": seat.checkin_code, "nonce": str(uuid.uuid4())} for _ in range(10)]
    answers = all_at_once(door_token, bodies)
    statuses = sorted(data["status"] for _, data in answers)
    assert statuses == ["already"] * 9 + ["ok"]
    assert CheckIn.objects.count() == 10
    assert AuditLog.objects.filter(action="registration.checked_in").count() == 1


def test_parallel_duplicates_of_an_unknown_code_are_one_refusal(door_token, seat):
    """No registration row to lock: the nonce's unique index decides."""
    body = {"code": "no-such-code", "nonce": str(uuid.uuid4())}
    answers = all_at_once(door_token, [body] * PARALLEL)
    assert {(status, data["reason"]) for status, data in answers} == {(200, "unknown")}
    assert CheckIn.objects.count() == 1


def test_one_nonce_sent_with_two_codes_at_once_checks_in_at_most_one(door_token, seat):
    other = RegistrationFactory(activity=seat.activity, status=Registration.Status.REGISTERED)
    nonce = str(uuid.uuid4())
    bodies = [{"code": c, "nonce": nonce} for c in [seat.checkin_code, other.checkin_code] * 5]
    answers = all_at_once(door_token, bodies)
    assert sorted({status for status, _ in answers}) == [200, 409]
    assert CheckIn.objects.count() == 1
    assert Registration.objects.filter(status=Registration.Status.ATTENDED).count() == 1
