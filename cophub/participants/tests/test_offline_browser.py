"""The door on a bus with no signal, in a real Chromium: the list downloaded online, three
people checked in offline (one of them twice), and after reconnecting three attendees and
one duplicate for the organiser (docs/surveys.md, "Offline")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cophub.accounts.models import User
from cophub.participants.models import CheckIn, RegistrationPolicy
from cophub.participants.tests.test_checkin_browser import log_in
from cophub.programs.models import Registration
from cophub.testing import ActivityFactory, RegistrationFactory, UserFactory, join_team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_offline_door_checks_three_people_in_and_flags_the_duplicate(phone):
    organiser = UserFactory(username="lead", role=User.Role.ORGANISER)
    door = UserFactory(username="doorman", role=User.Role.FACILITATOR)
    today = timezone.localdate()
    activity = ActivityFactory(program__owner=organiser, start_date=today, end_date=today)
    join_team(activity.program, door)
    now = timezone.now()
    RegistrationPolicy.objects.create(
        activity=activity, is_open=True, checkin_opens_at=now - dt.timedelta(hours=1),
        checkin_closes_at=now + dt.timedelta(hours=5),
    )  # fmt: skip
    people = [
        RegistrationFactory(activity=activity, status=Registration.Status.REGISTERED)
        for _ in range(3)
    ]
    log_in(phone, "doorman")
    phone.goto(f"/activities/{activity.pk}/checkin/")
    chip = phone.get_by_test_id("door-chip")
    expect(chip).to_have_attribute("data-list", "1")
    phone.context.set_offline(True)
    search = phone.get_by_test_id("search-input")
    for registration in [*people, people[0]]:
        person = registration.person
        search.fill(person.first_name)
        row = phone.get_by_test_id("local-row").filter(
            has_text=f"{person.first_name} {person.last_name}"
        )
        row.get_by_test_id("local-checkin").click()
        expect(phone.get_by_test_id("checkin-result")).to_have_attribute("data-local", "1")
    expect(phone.get_by_test_id("checkin-result")).to_have_attribute("data-status", "already")
    expect(chip).to_have_attribute("data-waiting", "4")
    assert not Registration.objects.filter(activity=activity, status="attended").exists()
    phone.context.set_offline(False)
    expect(chip).to_have_attribute("data-waiting", "0", timeout=20_000)
    assert Registration.objects.filter(activity=activity, status="attended").count() == 3
    assert CheckIn.objects.filter(activity=activity, status="already").count() == 1
    phone.goto(f"/activities/{activity.pk}/checkin/review/")
    expect(phone.get_by_test_id("duplicate-row")).to_have_count(1)
