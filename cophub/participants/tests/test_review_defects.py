"""Defects an independent review found in the participants work, each pinned by a test:
a typed organisation opening the organiser's closed doors, a waiting list stuck when the
capacity goes, 500s on NUL bytes and odd numbers, the activity QR checking people in from
anywhere, and a coordinator learning whose e-mail address it is."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from cophub.accounts.services import token_create
from cophub.core.errors import DomainError
from cophub.orgs.models import Organization
from cophub.participants.models import Quota, RegistrationPolicy
from cophub.participants.services.checkin import checkin_self
from cophub.participants.services.policy import policy_update
from cophub.participants.services.registration import (
    registration_nominate,
    registration_register_self,
)
from cophub.programs.models import Registration
from cophub.testing import PersonFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_a_typed_organisation_does_not_open_a_target_only_activity(participant, activity):
    cdd = Organization.objects.get(code="CDD")
    policy = RegistrationPolicy.objects.get(activity=activity)
    policy.who = RegistrationPolicy.Who.TARGET_ORGANIZATIONS
    policy.save()
    policy.target_organizations.set([cdd])
    with pytest.raises(DomainError) as caught:
        registration_register_self(user=participant, activity=activity, organization=cdd)
    assert caught.value.code == "registration_target_only"
    assert not Registration.objects.exists()


def test_a_typed_organisation_does_not_escape_a_full_quota(participant, activity, dopa):
    Quota.objects.create(policy=activity.registration_policy, organization=dopa, seats=0)
    with pytest.raises(DomainError) as caught:
        registration_register_self(
            user=participant, activity=activity, organization=Organization.objects.get(code="CDD")
        )
    assert caught.value.code == "quota_full"


def test_lifting_the_capacity_moves_everyone_waiting_up(organiser, activity, dopa):
    policy_update(actor=organiser, activity=activity, capacity=1)
    people = [PersonFactory(organization=dopa) for _ in range(3)]
    for person in people:
        registration_nominate(actor=organiser, activity=activity, person=person)
    assert Registration.objects.filter(status="waiting").count() == 2
    policy_update(actor=organiser, activity=activity, capacity=None)
    assert set(Registration.objects.values_list("status", flat=True)) == {"registered"}


def test_a_nul_in_the_door_search_is_not_a_500(door_client, activity):
    registration = RegistrationFactory(activity=activity, status="registered")
    response = door_client.post(
        reverse("participants:checkin_search", args=[activity.pk]),
        {"registration": registration.pk, "nonce": str(uuid.uuid4()), "q": "a\x00b"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code < 500


def test_the_self_registration_api_refuses_odd_positions(participant, activity):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token_create(user=participant, name='t')[1]}")
    url = f"/api/v1/activities/{activity.pk}/registrations"
    for position in ("a\x00b", "ก" * 5000):
        response = client.post(
            url, json.dumps({"position": position}), content_type="application/json"
        )
        assert response.status_code == 422, position
    assert not Registration.objects.exists()


@pytest.mark.parametrize("seats", ["²", "99999999999", "๑๒๓๔๕๖๗๘๙๐๑๒"])
def test_odd_quota_numbers_are_a_line_error_not_a_500(organiser_client, activity, seats):
    response = organiser_client.post(
        reverse("participants:policy", args=[activity.pk]),
        {"is_open": "on", "who": "any", "quotas": f"กรมการปกครอง: {seats}"},
    )
    assert response.status_code == 400
    assert "บรรทัดที่ ๑" in response.content.decode()
    assert not Quota.objects.exists()


def test_the_activity_qr_checks_nobody_in_when_the_activity_has_no_window(participant, activity):
    activity.start_date = activity.end_date = None
    activity.save()
    RegistrationFactory(activity=activity, person=participant.person, status="registered")
    result = checkin_self(user=participant, activity=activity)
    assert (result.status, result.reason) == ("refused", "outside_window")
    assert Registration.objects.get().status == "registered"


def test_a_coordinator_does_not_learn_whose_e_mail_it_is(coordinator, activity):
    PersonFactory(
        first_name="ความลับ", last_name="อื่น", email="secret@example.go.th",
        organization=Organization.objects.get(code="CDD"),
    )  # fmt: skip
    with pytest.raises(DomainError) as caught:
        registration_nominate(
            actor=coordinator, activity=activity,
            new_person={"first_name": "สมมุติ", "last_name": "ชื่อ", "email": "secret@example.go.th",
                        "organization": Organization.objects.get(code="DOPA")},
        )  # fmt: skip
    assert caught.value.code == "not_your_organization"
    assert "ความลับ" not in caught.value.message and "สมมุติ ชื่อ" in caught.value.message


def test_a_day_old_activity_window_still_refuses_the_activity_qr(participant, activity):
    activity.start_date = activity.end_date = activity.start_date - dt.timedelta(days=30)
    activity.save()
    RegistrationFactory(activity=activity, person=participant.person, status="registered")
    assert checkin_self(user=participant, activity=activity).reason == "outside_window"


def test_no_attendees_only_ticket_while_people_are_still_checking_in(
    participant, activity, organiser
):
    """An answer right after its person's check-in could be lined up with it (row order,
    PostgreSQL's xmin): the gate gives tickets only once check-in has closed."""
    from django.utils import timezone

    from cophub.surveys.models import SurveyTicket
    from cophub.testing import survey_for

    now = timezone.now()
    RegistrationPolicy.objects.filter(activity=activity).update(
        checkin_opens_at=now - dt.timedelta(hours=1), checkin_closes_at=now + dt.timedelta(hours=1)
    )
    survey = survey_for(activity, organiser)
    survey.attendees_only = True
    survey.save()
    RegistrationFactory(activity=activity, person=participant.person, status="attended")
    client = Client()
    client.force_login(participant)
    policy = RegistrationPolicy.objects.get(activity=activity)
    response = client.post(
        reverse("participants:gate", args=[policy.activity_code]), {"action": "ticket"}
    )
    assert response.status_code == 409
    assert "เปิดให้ผู้เข้าร่วมตอบเมื่อปิดการเช็คอินแล้ว" in response.content.decode()
    assert not SurveyTicket.objects.exists()
