"""Shared set-up for the attendees-only survey tests (here and the gate's in participants):
an activity held today with registration, its survey, participants and their phones."""

from __future__ import annotations

import datetime as dt
import re
import uuid

from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cophub.participants.models import RegistrationPolicy
from cophub.programs.models import Registration
from cophub.surveys.services import survey_update
from cophub.surveys.tickets import COOKIE
from cophub.testing import (
    ActivityFactory,
    PersonFactory,
    RegistrationFactory,
    UserFactory,
    survey_for,
)


def activity_today(organiser, **activity_fields):
    """An activity held today (so its check-in window is open now), taking registrations."""
    today = timezone.localdate()
    activity = ActivityFactory(
        program__owner=organiser, start_date=today, end_date=today, **activity_fields
    )
    policy = RegistrationPolicy.objects.create(activity=activity, is_open=True)
    return activity, policy


def close_checkin(policy: RegistrationPolicy) -> None:
    now = timezone.now()
    policy.checkin_opens_at = now - dt.timedelta(hours=3)
    policy.checkin_closes_at = now - dt.timedelta(minutes=1)
    policy.save()


def attendees_survey(activity, organiser):
    survey = survey_for(activity, organiser)
    return survey_update(
        actor=organiser, survey=survey, title=survey.title, intro=survey.intro,
        opens_at=None, closes_at=None, attendees_only=True,
    )  # fmt: skip


def person_with_phone(activity, *, status=Registration.Status.REGISTERED, ids=None):
    """A member registered for ``activity`` and a logged-in client for their phone.
    ``ids``: (user id, person id, registration id), to make them easy to search for."""
    user_id, person_id, registration_id = ids or (None, None, None)
    user = UserFactory(**({"id": user_id} if user_id else {}))
    person = PersonFactory(user=user, **({"id": person_id} if person_id else {}))
    registration = RegistrationFactory(
        activity=activity, person=person, attended=False,
        **({"id": registration_id} if registration_id else {}),
    )  # fmt: skip
    if status != registration.status:
        Registration.objects.filter(pk=registration.pk).update(status=status)
        registration.refresh_from_db()
    phone = Client()
    phone.force_login(user)
    return user, registration, phone


def gate_url(policy: RegistrationPolicy) -> str:
    return reverse("participants:gate", args=[policy.activity_code])


def check_in(phone, policy):
    return phone.post(gate_url(policy), {"action": "checkin", "nonce": str(uuid.uuid4())})


def get_ticket(phone, policy) -> str:
    """After check-in has closed (tickets are given only then), the phone asks for one."""
    policy.refresh_from_db()
    if not policy.checkin_closes_at or policy.checkin_closes_at > timezone.now():
        close_checkin(policy)
    response = phone.post(gate_url(policy), {"action": "ticket"})
    assert response.status_code == 302, response.content.decode()[:500]
    return phone.cookies[COOKIE].value


def form_answers(value=4, **extra):
    return {**{f"q{i}": str(value) for i in range(1, 10)}, **extra}


def answer(phone, survey, value=4, **extra):
    page = phone.get(f"/s/{survey.token}")
    found = re.search(r'name="client_id" value="([^"]+)"', page.content.decode())
    client_id = found.group(1) if found else str(uuid.uuid4())
    return phone.post(
        f"/s/{survey.token}", {**form_answers(value, **extra), "client_id": client_id}
    )


def all_rows() -> dict[str, set[tuple]]:
    """Every row of every table, as (column, value) tuples: what a backup holds."""
    out = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from the schema
            names = [c[0] for c in cursor.description]
            out[table] = {tuple(zip(names, row, strict=True)) for row in cursor.fetchall()}
    return out


_STAMP = re.compile(r"^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d")


def as_moment(value) -> dt.datetime | None:
    """A stored date-time as an aware datetime (SQLite hands them over as text), else None."""
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else value.replace(tzinfo=dt.UTC)
    if isinstance(value, str) and _STAMP.match(value):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
        return moment if timezone.is_aware(moment) else moment.replace(tzinfo=dt.UTC)
    return None
