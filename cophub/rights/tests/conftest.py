"""A person with data in every app, for the rights tests.

``subject_user`` / ``subject_person``: a member whose staff record has a name, e-mail and
telephone found nowhere else (so a search for them finds only their own traces).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from cophub.accounts.models import User
from cophub.orgs.models import Organization, Person
from cophub.participants.models import RegistrationPolicy
from cophub.testing import ActivityFactory, UserFactory

FIRST, LAST = "สุนันทาลบได้", "ทดลองสิทธิ์"
EMAIL, PHONE = "rights.test@example.go.th", "0891234567"
USERNAME = "sunanta"


@pytest.fixture(autouse=True)
def _media_and_mail(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "cophub.outbox.backend.OutboxBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run ``func`` and then what it left for the commit (jobs, mail, file deletions), as
    the test settings' immediate backend does once a real transaction commits."""

    def run(func):
        with django_capture_on_commit_callbacks(execute=True):
            return func()

    return run


@pytest.fixture
def subject_user(db) -> User:
    return UserFactory(
        username=USERNAME, first_name=FIRST, last_name=LAST, email=EMAIL, role=User.Role.MEMBER
    )


@pytest.fixture
def subject_person(subject_user) -> Person:
    return Person.objects.create(
        user=subject_user, prefix="นางสาว", first_name=FIRST, last_name=LAST,
        position="นักวิชาการคอมพิวเตอร์", organization=Organization.objects.get(code="DOPA"),
        email=EMAIL,
    )  # fmt: skip


@pytest.fixture
def subject_client(subject_user) -> Client:
    client = Client()
    client.force_login(subject_user)
    return client


@pytest.fixture
def sysadmin_client(sysadmin) -> Client:
    client = Client()
    client.force_login(sysadmin)
    return client


@pytest.fixture
def activity(organiser):
    """Today's activity of the organiser's program, registration and check-in open."""
    today = timezone.localdate()
    a = ActivityFactory(program__owner=organiser, start_date=today, end_date=today)
    RegistrationPolicy.objects.create(activity=a, is_open=True)
    return a


def yesterday() -> dt.datetime:
    return timezone.now() - dt.timedelta(days=1)
