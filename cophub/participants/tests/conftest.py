"""Personas and an activity for the participants tests.

- ``activity``: an activity of the organiser's program (dates next week), registration open
  to any staff, no capacity limit.
- ``participant`` / ``participant_client``: a member whose Person works at กรมการปกครอง (DOPA).
- ``coordinator`` / ``coordinator_client``: the coordinator of กรมการปกครอง.
- ``door`` / ``door_client``: a facilitator on the team of ``activity``'s program, who checks
  people in there (and nowhere else).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from cophub.accounts.models import User
from cophub.orgs.models import Organization, Person
from cophub.participants.models import Coordinator, RegistrationPolicy
from cophub.testing import ActivityFactory, UserFactory, join_team


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def dopa(db) -> Organization:
    return Organization.objects.get(code="DOPA")


@pytest.fixture
def activity(organiser):
    start = timezone.localdate() + dt.timedelta(days=7)
    a = ActivityFactory(program__owner=organiser, start_date=start, end_date=start)
    RegistrationPolicy.objects.create(activity=a, is_open=True)
    return a


@pytest.fixture
def participant(db, dopa) -> User:
    user = UserFactory(
        username="somchai", role=User.Role.MEMBER, first_name="สมชาย", last_name="ใจดี"
    )
    Person.objects.create(
        user=user, prefix="นาย", first_name="สมชาย", last_name="ใจดี",
        position="นักวิเคราะห์นโยบายและแผน", organization=dopa, email="somchai@example.go.th",
    )  # fmt: skip
    return user


@pytest.fixture
def participant_client(participant) -> Client:
    return _client(participant)


@pytest.fixture
def coordinator(db, dopa) -> User:
    user = UserFactory(username="coordinator", role=User.Role.MEMBER)
    Coordinator.objects.create(user=user, organization=dopa)
    return user


@pytest.fixture
def coordinator_client(coordinator) -> Client:
    return _client(coordinator)


@pytest.fixture
def door(activity) -> User:
    user = UserFactory(username="door", role=User.Role.FACILITATOR)
    join_team(activity.program, user)
    return user


@pytest.fixture
def door_client(door) -> Client:
    return _client(door)
