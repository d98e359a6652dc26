"""GET/POST /api/v1/activities/{id}/registrations: the door's list and self-registration."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from cophub.accounts.services import token_create
from cophub.orgs.models import Organization
from cophub.participants.models import RegistrationPolicy
from cophub.programs.models import Registration
from cophub.testing import ActivityFactory, PersonFactory, RegistrationFactory, count_queries

pytestmark = pytest.mark.django_db


def url(activity_id: int) -> str:
    return f"/api/v1/activities/{activity_id}/registrations"


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user, name='t')[1]}"}


def test_the_list_has_the_person_status_check_in_time_and_code(organiser, activity, dopa):
    person = PersonFactory(
        prefix="นาง", first_name="สมใจ", last_name="ดีงาม", position="นักวิชาการ", organization=dopa
    )
    registration = RegistrationFactory(activity=activity, person=person, attended=False)
    RegistrationFactory(activity=activity, person__organization=None, status="waiting")
    response = Client().get(url(activity.pk), **bearer(organiser))
    assert response.status_code == 200
    first, second = response.json()
    assert first == {
        "id": registration.pk,
        "person": {
            "title": "นาง", "first_name": "สมใจ", "last_name": "ดีงาม", "position": "นักวิชาการ",
            "organization": "กรมการปกครอง",
        },
        "status": "registered",
        "checked_in_at": None,
        "checkin_code": registration.checkin_code,
    }  # fmt: skip
    assert second["status"] == "waiting" and second["person"]["organization"] is None


def test_facilitators_and_admins_may_list_members_and_strangers_may_not(
    activity, door, sysadmin, member, other_organiser
):
    RegistrationFactory(activity=activity)
    assert Client().get(url(activity.pk), **bearer(door)).status_code == 200
    assert Client().get(url(activity.pk), **bearer(sysadmin)).status_code == 200
    for user in (member, other_organiser):
        response = Client().get(url(activity.pk), **bearer(user))
        assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    response = Client().get(url(activity.pk))
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"
    session = Client()
    session.force_login(member)
    assert session.get(url(activity.pk)).status_code == 403


def test_unknown_activity_is_404(organiser):
    response = Client().get(url(999999), **bearer(organiser))
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_the_list_runs_a_fixed_number_of_queries(organiser, activity, dopa):
    client, headers = Client(), bearer(organiser)
    RegistrationFactory(activity=activity, person__organization=dopa)
    client.get(url(activity.pk), **headers)  # the token's first use stamps it once
    small = count_queries(lambda: client.get(url(activity.pk), **headers))
    RegistrationFactory.create_batch(15, activity=activity, person__organization=dopa)
    RegistrationFactory.create_batch(5, activity=activity, person__organization=None)
    assert count_queries(lambda: client.get(url(activity.pk), **headers)) == small == API_QUERIES


# activity with program, registrations with person and organisation (the token's user is
# remembered by the process after its first use: accounts.selectors.TOKEN_MEMORY_SECONDS);
# then the record of the read (privacy): savepoint, audit row, read, whose data, release
API_QUERIES = 7


def test_a_member_registers_through_the_api(participant, activity):
    RegistrationPolicy.objects.filter(activity=activity).update(capacity=1)
    response = Client().post(
        url(activity.pk), json.dumps({"position": "นักวิชาการ"}), content_type="application/json",
        **bearer(participant),
    )  # fmt: skip
    assert response.status_code == 201
    body = response.json()
    registration = Registration.objects.get()
    assert body["id"] == registration.pk and body["status"] == "registered"
    assert body["person"]["position"] == "นักวิชาการ"
    assert body["checkin_code"] == registration.checkin_code
    # No body: what a script sends (a form's empty multipart body would be refused, 415).
    again = Client().post(url(activity.pk), content_type="application/json", **bearer(participant))
    assert again.status_code == 409 and again.json()["code"] == "already_registered"


def test_the_api_answers_refusals_with_their_codes(member, activity, dopa):
    client, headers = Client(), bearer(member)
    RegistrationPolicy.objects.filter(activity=activity).update(capacity=0)
    response = client.post(url(activity.pk), content_type="application/json", **headers)
    assert response.status_code == 201 and response.json()["status"] == "waiting"
    other = ActivityFactory(program=activity.program)  # no policy: registration closed
    response = client.post(url(other.pk), content_type="application/json", **headers)
    assert response.status_code == 409 and response.json()["code"] == "registration_closed"
    policy = RegistrationPolicy.objects.create(
        activity=other, is_open=True, who=RegistrationPolicy.Who.TARGET_ORGANIZATIONS
    )
    policy.target_organizations.set([dopa])
    response = client.post(
        url(other.pk), json.dumps({"organization_id": Organization.objects.get(code="OPS").pk}),
        content_type="application/json", **headers,
    )  # fmt: skip
    assert response.status_code == 403 and response.json()["code"] == "registration_target_only"
    response = client.post(
        url(other.pk), json.dumps({"organization_id": 987654}), content_type="application/json",
        **headers,
    )  # fmt: skip
    assert response.status_code == 404
    response = client.post(
        url(other.pk), json.dumps({"position": 5}), content_type="application/json", **headers
    )
    assert response.status_code == 422
    assert Client().post(url(activity.pk), content_type="application/json").status_code == 401
    assert Registration.objects.filter(activity=other, person__user=member).count() == 0
