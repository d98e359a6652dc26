"""Personas for the privacy tests.

- ``notice``: version 1 of the privacy notice, published by a system administrator (the
  migration's draft, as a deployment publishes it).
- ``participant`` / ``participant_client``: a member with a staff record (Person).
- ``activity``: an activity of the organiser's program next week, registration open.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from cophub.accounts.models import User
from cophub.orgs.models import Person
from cophub.participants.models import RegistrationPolicy
from cophub.privacy import services
from cophub.testing import ActivityFactory, UserFactory, ops


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def sysadmin_client(sysadmin) -> Client:
    return _client(sysadmin)


@pytest.fixture
def notice(sysadmin):
    draft = services.notice_draft_start(actor=sysadmin)
    return services.notice_publish(actor=sysadmin, notice=draft)


@pytest.fixture
def participant(db) -> User:
    user = UserFactory(username="somchai", first_name="สมชาย", last_name="ใจดี")
    Person.objects.create(
        user=user, prefix="นาย", first_name="สมชาย", last_name="ใจดี", organization=ops(),
        position="นักวิเคราะห์นโยบายและแผน", email="somchai@example.go.th",
    )  # fmt: skip
    return user


@pytest.fixture
def participant_client(participant) -> Client:
    return _client(participant)


@pytest.fixture
def activity(organiser):
    start = timezone.localdate() + dt.timedelta(days=7)
    a = ActivityFactory(program__owner=organiser, start_date=start, end_date=start)
    RegistrationPolicy.objects.create(activity=a, is_open=True)
    return a
