"""Coordinators nominate the staff of their organisation, within its quota."""

from __future__ import annotations

import pytest

from cophub.core.errors import DomainError
from cophub.core.models import AuditLog
from cophub.orgs.models import Organization, Person
from cophub.participants.models import Coordinator, Quota, RegistrationPolicy
from cophub.participants.services.registration import (
    registration_cancel,
    registration_nominate,
)
from cophub.programs.models import Registration
from cophub.testing import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def unit(dopa) -> Organization:
    return Organization.objects.create(name="สำนักบริหารการทะเบียน", kind="office", parent=dopa)


def staff(org, n=1):
    return [
        PersonFactory(organization=org, email=f"staff{org.pk}-{i}@example.go.th") for i in range(n)
    ]


def test_a_coordinator_nominates_staff_of_their_organisation_and_its_units(
    coordinator, activity, dopa, unit
):
    (own,) = staff(dopa)
    (below,) = staff(unit)
    first = registration_nominate(actor=coordinator, activity=activity, person=own)
    second = registration_nominate(actor=coordinator, activity=activity, person=below)
    for r in (first, second):
        assert r.source == Registration.Source.NOMINATED and r.nominated_by == coordinator
        assert r.status == Status.REGISTERED
    audit = AuditLog.objects.filter(action="registration.nominated").order_by("id").first()
    assert audit.actor == coordinator and audit.changes["source"] == "nominated"
    # the nominator may cancel whom they nominated
    registration_cancel(actor=coordinator, registration=first)
    first.refresh_from_db()
    assert first.status == Status.CANCELLED


def test_a_coordinator_cannot_nominate_another_organisations_staff(coordinator, activity):
    ops = Organization.objects.get(code="OPS")
    (other,) = staff(ops)
    with pytest.raises(DomainError) as error:
        registration_nominate(actor=coordinator, activity=activity, person=other)
    assert error.value.code == "not_your_organization"
    assert other.full_name in error.value.message
    with pytest.raises(DomainError) as error:
        registration_nominate(
            actor=coordinator, activity=activity,
            new_person={"first_name": "ใหม่", "last_name": "นอกสังกัด", "organization": ops},
        )  # fmt: skip
    assert error.value.code == "not_your_organization"
    assert not Registration.objects.exists()
    assert not Person.objects.filter(first_name="ใหม่").exists()  # rolled back with it


def test_a_member_who_coordinates_nothing_cannot_nominate(member, activity, dopa):
    (person,) = staff(dopa)
    with pytest.raises(DomainError) as error:
        registration_nominate(actor=member, activity=activity, person=person)
    assert error.value.code == "permission_denied"


def test_quota_counts_the_seats_of_the_organisation_and_its_units(
    coordinator, activity, dopa, unit
):
    policy = RegistrationPolicy.objects.get(activity=activity)
    Quota.objects.create(policy=policy, organization=dopa, seats=2)
    a, b = staff(dopa, 2)
    (c,) = staff(unit)
    registration_nominate(actor=coordinator, activity=activity, person=a)
    registration_nominate(actor=coordinator, activity=activity, person=c)
    with pytest.raises(DomainError) as error:
        registration_nominate(actor=coordinator, activity=activity, person=b)
    assert error.value.code == "quota_full"
    assert error.value.params == {"organization": "กรมการปกครอง", "seats": 2}
    # a cancelled place is a free place
    registration_cancel(actor=coordinator, registration=Registration.objects.get(person=c))
    assert registration_nominate(actor=coordinator, activity=activity, person=b)
    # another organisation's staff are not held to this quota
    other = UserFactory(username="ops-coordinator")
    ops = Organization.objects.get(code="OPS")
    Coordinator.objects.create(user=other, organization=ops)
    for person in staff(ops, 3):
        registration_nominate(actor=other, activity=activity, person=person)
    assert Registration.objects.filter(status=Status.REGISTERED).count() == 5


def test_a_unit_quota_binds_inside_the_departments_quota(coordinator, activity, dopa, unit):
    policy = RegistrationPolicy.objects.get(activity=activity)
    Quota.objects.create(policy=policy, organization=dopa, seats=5)
    Quota.objects.create(policy=policy, organization=unit, seats=1)
    x, y = staff(unit, 2)
    registration_nominate(actor=coordinator, activity=activity, person=x)
    with pytest.raises(DomainError) as error:
        registration_nominate(actor=coordinator, activity=activity, person=y)
    assert error.value.params["organization"] == "สำนักบริหารการทะเบียน"


def test_nominations_work_when_only_nomination_is_allowed_and_go_to_the_waiting_list(
    coordinator, activity, dopa
):
    RegistrationPolicy.objects.filter(activity=activity).update(
        who=RegistrationPolicy.Who.NOMINATION, capacity=1
    )
    a, b = staff(dopa, 2)
    assert (
        registration_nominate(actor=coordinator, activity=activity, person=a).status == "registered"
    )
    assert registration_nominate(actor=coordinator, activity=activity, person=b).status == "waiting"
    with pytest.raises(DomainError) as error:
        registration_nominate(actor=coordinator, activity=activity, person=a)
    assert error.value.code == "already_registered"


def test_coordinators_nominate_only_while_registration_is_open_but_the_organiser_any_time(
    coordinator, organiser, activity, dopa
):
    RegistrationPolicy.objects.filter(activity=activity).update(is_open=False)
    a, b = staff(dopa, 2)
    with pytest.raises(DomainError) as error:
        registration_nominate(actor=coordinator, activity=activity, person=a)
    assert error.value.code == "registration_closed"
    registration = registration_nominate(actor=organiser, activity=activity, person=b)
    assert (
        registration.source == Registration.Source.ORGANISER and registration.nominated_by is None
    )


def test_target_organisations_still_bind_a_coordinator(coordinator, activity, dopa):
    policy = RegistrationPolicy.objects.get(activity=activity)
    policy.who = RegistrationPolicy.Who.TARGET_ORGANIZATIONS
    policy.save()
    policy.target_organizations.set([Organization.objects.get(code="OPS")])
    (a,) = staff(dopa)
    with pytest.raises(DomainError) as error:
        registration_nominate(actor=coordinator, activity=activity, person=a)
    assert error.value.code == "registration_target_only"


def test_a_new_person_is_made_once_and_found_again_by_e_mail(coordinator, activity, dopa):
    new = {
        "prefix": "นางสาว", "first_name": "สมศรี", "last_name": "ใจงาม", "position": "เจ้าพนักงาน",
        "organization": dopa, "email": "somsri@example.go.th",
    }  # fmt: skip
    registration = registration_nominate(actor=coordinator, activity=activity, new_person=new)
    assert registration.person.full_name == "นางสาวสมศรี ใจงาม"
    assert AuditLog.objects.filter(action="person.created").count() == 1
    with pytest.raises(DomainError) as error:
        registration_nominate(actor=coordinator, activity=activity, new_person=new)
    assert error.value.code == "already_registered"
    assert Person.objects.filter(email="somsri@example.go.th").count() == 1
    with pytest.raises(DomainError) as error:
        registration_nominate(actor=coordinator, activity=activity, new_person={"first_name": " "})
    assert error.value.code == "nominee_missing"
