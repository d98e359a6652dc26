"""Registering oneself, the waiting list, cancelling and statuses (the services)."""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone, translation

from cophub.core.errors import DomainError
from cophub.core.models import AuditLog
from cophub.core.thai import thai_digits
from cophub.orgs.models import Organization, Person
from cophub.outbox.models import OutboxMessage
from cophub.participants import selectors
from cophub.participants.models import RegistrationPolicy
from cophub.participants.services.policy import policy_update
from cophub.participants.services.registration import (
    registration_cancel,
    registration_register_self,
    registration_status_set,
)
from cophub.programs.models import Registration
from cophub.testing import PersonFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


def member_of(org: Organization | None, name: str) -> object:
    user = UserFactory(username=name, first_name=name, last_name="ทดสอบ")
    Person.objects.create(
        user=user,
        first_name=name,
        last_name="ทดสอบ",
        organization=org,
        email=f"{name}@example.go.th",
    )
    return user


def code_of(error) -> str:
    return error.value.code


def set_policy(activity, **fields) -> RegistrationPolicy:
    RegistrationPolicy.objects.filter(activity=activity).update(**fields)
    return RegistrationPolicy.objects.get(activity=activity)


# --- the rules -------------------------------------------------------------------------
def test_a_member_registers_with_one_call_and_gets_the_mail_with_the_qr(participant, activity):
    registration = registration_register_self(user=participant, activity=activity)
    assert registration.status == Status.REGISTERED
    assert registration.source == Registration.Source.SELF
    assert registration.person.user == participant
    audit = AuditLog.objects.get(action="registration.self_registered")
    assert audit.changes["status"] == [None, "registered"] and audit.actor == participant
    mail = OutboxMessage.objects.get()
    assert mail.to == ["somchai@example.go.th"]
    assert mail.subject.startswith("ยืนยันการลงทะเบียน")
    assert f"/registrations/{registration.pk}/" in mail.body
    attachment = mail.attachments.get()
    assert attachment.filename == "checkin-qr.png" and attachment.mimetype == "image/png"
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "qr.png"
        png.write_bytes(attachment.file.read())
        decoded = subprocess.run(
            ["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True, check=True
        ).stdout.strip()
    assert decoded == registration.checkin_code  # the code alone, not a URL


def test_registration_closed_not_yet_open_and_ended(participant, activity):
    set_policy(activity, is_open=False)
    with pytest.raises(DomainError) as error:
        registration_register_self(user=participant, activity=activity)
    assert code_of(error) == "registration_closed"
    set_policy(activity, is_open=True)
    closes = timezone.now() - dt.timedelta(hours=1)
    set_policy(activity, opens_at=closes - dt.timedelta(days=3), closes_at=closes)
    with translation.override("th"), pytest.raises(DomainError) as error:
        registration_register_self(user=participant, activity=activity)
    assert code_of(error) == "registration_ended"
    with translation.override("th"):
        assert thai_digits(str(timezone.localtime(closes).year + 543)) in error.value.message
    RegistrationPolicy.objects.filter(activity=activity).delete()
    with pytest.raises(DomainError) as error:
        registration_register_self(user=participant, activity=activity)
    assert code_of(error) == "registration_closed"
    assert not Registration.objects.exists() and not OutboxMessage.objects.exists()


def test_not_open_yet_names_the_opening_in_thai_buddhist_era(participant, activity):
    opens = timezone.make_aware(dt.datetime(timezone.now().year + 1, 3, 15, 9, 0))
    set_policy(activity, opens_at=opens)
    with translation.override("th"), pytest.raises(DomainError) as error:
        registration_register_self(user=participant, activity=activity)
    assert code_of(error) == "registration_not_open_yet"
    be = thai_digits(opens.year + 543)
    assert f"๑๕ มีนาคม {be} ๐๙:๐๐ น." in error.value.message


def test_nomination_only_refuses_self_registration(participant, activity):
    set_policy(activity, who=RegistrationPolicy.Who.NOMINATION)
    with pytest.raises(DomainError) as error:
        registration_register_self(user=participant, activity=activity)
    assert code_of(error) == "registration_by_nomination"


def test_target_organisations_include_their_units(activity, dopa):
    policy = set_policy(activity, who=RegistrationPolicy.Who.TARGET_ORGANIZATIONS)
    policy.target_organizations.set([dopa])
    unit = Organization.objects.create(name="สำนักบริหารการทะเบียน", kind="office", parent=dopa)
    deeper = Organization.objects.create(name="ฝ่ายทะเบียนราษฎร", kind="office", parent=unit)
    outsider = Organization.objects.get(code="OPS")
    assert registration_register_self(user=member_of(deeper, "unit"), activity=activity)
    assert registration_register_self(user=member_of(dopa, "dept"), activity=activity)
    with pytest.raises(DomainError) as error:
        registration_register_self(user=member_of(outsider, "ops"), activity=activity)
    assert code_of(error) == "registration_target_only"
    with pytest.raises(DomainError) as error:
        registration_register_self(user=member_of(None, "noorg"), activity=activity)
    assert code_of(error) == "no_organization"
    assert Registration.objects.count() == 2


def test_a_user_without_a_staff_record_gets_one_from_the_account(activity, dopa):
    user = UserFactory(username="newbie", first_name="มานี", last_name="มีนา")
    policy = set_policy(activity, who=RegistrationPolicy.Who.TARGET_ORGANIZATIONS)
    policy.target_organizations.set([dopa])
    with pytest.raises(DomainError) as error:
        registration_register_self(user=user, activity=activity)
    assert code_of(error) == "no_organization"
    assert not Person.objects.filter(user=user).exists()  # nothing half-saved
    registration = registration_register_self(
        user=user, activity=activity, organization=dopa, position="นักทรัพยากรบุคคล"
    )
    person = Person.objects.get(user=user)
    assert (person.first_name, person.last_name, person.email) == ("มานี", "มีนา", user.email)
    assert person.organization == dopa and person.position == "นักทรัพยากรบุคคล"
    assert registration.person == person
    assert AuditLog.objects.filter(action="person.created", object_id=str(person.pk)).exists()


def test_the_registrant_corrects_organisation_and_position(participant, activity):
    ops = Organization.objects.get(code="OPS")
    registration_register_self(
        user=participant, activity=activity, position="นักวิชาการ", organization=ops
    )
    person = Person.objects.get(user=participant)
    assert person.position == "นักวิชาการ" and person.organization == ops
    corrected = AuditLog.objects.get(action="person.corrected")
    assert corrected.changes["position"] == ["นักวิเคราะห์นโยบายและแผน", "นักวิชาการ"]


def test_already_registered_and_a_cancelled_one_comes_back_on_the_same_row(participant, activity):
    first = registration_register_self(user=participant, activity=activity)
    with pytest.raises(DomainError) as error:
        registration_register_self(user=participant, activity=activity)
    assert code_of(error) == "already_registered"
    assert "สมชาย" in error.value.message
    registration_cancel(actor=participant, registration=first)
    again = registration_register_self(user=participant, activity=activity)
    assert again.pk == first.pk and again.status == Status.REGISTERED
    assert Registration.objects.count() == 1
    assert OutboxMessage.objects.count() == 2  # a confirmation each time


# --- capacity and the waiting list --------------------------------------------------------
def test_full_activity_puts_people_on_the_waiting_list_with_their_position(activity, dopa):
    set_policy(activity, capacity=2)
    users = [member_of(dopa, f"p{n}") for n in range(4)]
    placed = [registration_register_self(user=u, activity=activity) for u in users]
    assert [r.status for r in placed] == ["registered", "registered", "waiting", "waiting"]
    assert [selectors.waiting_position(r) for r in placed] == [None, None, 1, 2]
    waiting_mail = OutboxMessage.objects.get(to=["p3@example.go.th"])
    assert "รายชื่อสำรอง" in waiting_mail.subject and "ลำดับที่ ๒" in waiting_mail.body
    assert not waiting_mail.attachments.exists()  # no QR until a seat is theirs
    assert selectors.seats(activity).full


def test_cancelling_promotes_the_first_waiting_and_tells_them(activity, dopa):
    set_policy(activity, capacity=1)
    first, second, third = (member_of(dopa, n) for n in ("first", "second", "third"))
    seat = registration_register_self(user=first, activity=activity)
    w1 = registration_register_self(user=second, activity=activity)
    w2 = registration_register_self(user=third, activity=activity)
    registration_cancel(actor=first, registration=seat)
    w1.refresh_from_db(), w2.refresh_from_db()
    assert (w1.status, w2.status) == ("registered", "waiting")
    assert selectors.waiting_position(w2) == 1
    promoted = AuditLog.objects.get(action="registration.promoted")
    assert promoted.object_id == str(w1.pk) and promoted.changes["status"] == [
        "waiting",
        "registered",
    ]
    cancelled = AuditLog.objects.get(action="registration.cancelled")
    assert cancelled.changes == {"status": ["registered", "cancelled"]}
    mail = OutboxMessage.objects.filter(to=["second@example.go.th"]).order_by("id").last()
    assert "ที่นั่ง" in mail.subject and mail.attachments.count() == 1
    # cancelling a waiting place frees no seat: nobody moves
    registration_cancel(actor=third, registration=w2)
    assert selectors.seats(activity).held == 1


def test_promotion_skips_a_waiting_person_whose_quota_is_full(activity, dopa):
    from cophub.participants.models import Quota

    policy = set_policy(activity, capacity=2)
    Quota.objects.create(policy=policy, organization=dopa, seats=1)
    ops = Organization.objects.get(code="OPS")
    a = registration_register_self(user=member_of(dopa, "a"), activity=activity)
    b = registration_register_self(user=member_of(ops, "b"), activity=activity)
    c = registration_register_self(user=member_of(ops, "c"), activity=activity)
    assert c.status == Status.WAITING
    with pytest.raises(DomainError) as error:
        registration_register_self(user=member_of(dopa, "d"), activity=activity)
    assert code_of(error) == "quota_full"
    registration_status_set(actor=activity.program.owner, registration=a, status="waiting")
    c.refresh_from_db()
    assert c.status == Status.REGISTERED  # not `a`, whom the organiser just moved down
    a.refresh_from_db()
    assert a.status == Status.WAITING and b.status == Status.REGISTERED


def test_cancel_rules(participant, activity, organiser, member, coordinator, dopa):
    registration = registration_register_self(user=participant, activity=activity)
    with pytest.raises(DomainError) as error:
        registration_cancel(actor=member, registration=registration)
    assert code_of(error) == "permission_denied"
    with pytest.raises(DomainError):
        registration_cancel(actor=coordinator, registration=registration)  # did not nominate
    registration_cancel(actor=organiser, registration=registration)
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED
    registration_cancel(actor=participant, registration=registration)  # twice: no harm
    assert AuditLog.objects.filter(action="registration.cancelled").count() == 1


def test_cancel_too_late_once_the_activity_has_started(participant, activity):
    registration = registration_register_self(user=participant, activity=activity)
    activity.start_date = activity.end_date = timezone.localdate()  # today: started at midnight
    activity.save()
    with pytest.raises(DomainError) as error:
        registration_cancel(actor=participant, registration=registration)
    assert code_of(error) == "cancel_too_late"
    registration.refresh_from_db()
    assert registration.status == Status.REGISTERED


# --- the organiser ----------------------------------------------------------------------
def test_status_set_attended_no_show_and_promotion_never_overfills(activity, organiser, dopa):
    set_policy(activity, capacity=1)
    seat = RegistrationFactory(activity=activity, attended=False)
    waiting = RegistrationFactory(
        activity=activity, status=Status.WAITING, person__organization=dopa
    )
    extra = RegistrationFactory(activity=activity, status=Status.WAITING)
    registration_status_set(actor=organiser, registration=extra, status="registered")
    extra.refresh_from_db()
    assert extra.status == Status.REGISTERED and selectors.seats(activity).held == 2  # on purpose
    registration_status_set(actor=organiser, registration=seat, status="attended")
    seat.refresh_from_db()
    assert seat.checked_in_at is not None
    registration_status_set(actor=organiser, registration=seat, status="cancelled")
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITING  # still 1 held of 1: nobody moves up
    registration_status_set(actor=organiser, registration=extra, status="no_show")
    assert selectors.seats(activity).held == 1
    changes = list(
        AuditLog.objects.filter(action="registration.status_changed")
        .order_by("id")
        .values_list("changes", flat=True)
    )
    assert changes[:3] == [
        {"status": ["waiting", "registered"]},
        {"status": ["registered", "attended"]},
        {"status": ["attended", "cancelled"]},
    ]
    with pytest.raises(DomainError) as error:
        registration_status_set(actor=organiser, registration=seat, status="lost")
    assert code_of(error) == "invalid_status"


def test_only_the_organiser_sets_statuses(activity, member, other_organiser, door):
    registration = RegistrationFactory(activity=activity, attended=False)
    for actor in (member, other_organiser, door):
        with pytest.raises(DomainError) as error:
            registration_status_set(actor=actor, registration=registration, status="attended")
        assert code_of(error) == "permission_denied"
    registration.refresh_from_db()
    assert registration.status == Status.REGISTERED


def test_policy_update_audits_a_diff_and_more_capacity_moves_people_up(activity, organiser, dopa):
    set_policy(activity, capacity=1)
    RegistrationFactory(activity=activity, attended=False)
    waiting = RegistrationFactory(activity=activity, status=Status.WAITING)
    ops = Organization.objects.get(code="OPS")
    policy_update(
        actor=organiser, activity=activity, capacity=2,
        who=RegistrationPolicy.Who.TARGET_ORGANIZATIONS, target_organizations=[dopa, ops],
        quotas={dopa: 5},
    )  # fmt: skip
    audit = AuditLog.objects.get(action="registration_policy.updated")
    assert audit.changes["capacity"] == [1, 2]
    assert audit.changes["who"] == ["any", "target"]
    assert audit.changes["target_organizations"] == [[], sorted([dopa.pk, ops.pk])]
    assert audit.changes["quotas"] == [{}, {str(dopa.pk): 5}]
    assert "is_open" not in audit.changes
    waiting.refresh_from_db()
    assert waiting.status == Status.REGISTERED
    policy_update(actor=organiser, activity=activity, capacity=2)
    assert AuditLog.objects.filter(action="registration_policy.updated").count() == 1


def test_policy_update_refuses_bad_settings_and_strangers(activity, organiser, member):
    with pytest.raises(DomainError) as error:
        policy_update(actor=member, activity=activity, capacity=3)
    assert code_of(error) == "permission_denied"
    now = timezone.now()
    with pytest.raises(DomainError) as error:
        policy_update(
            actor=organiser, activity=activity, opens_at=now, closes_at=now - dt.timedelta(days=1),
            who=RegistrationPolicy.Who.TARGET_ORGANIZATIONS, target_organizations=[],
        )  # fmt: skip
    assert code_of(error) == "invalid_policy"
    assert {p.path for p in error.value.problems} == {"closes_at", "target_organizations"}
    assert RegistrationPolicy.objects.get(activity=activity).opens_at is None


def test_a_person_without_e_mail_is_registered_without_mail(activity, organiser):
    person = PersonFactory()
    from cophub.participants.services.registration import registration_nominate

    registration = registration_nominate(actor=organiser, activity=activity, person=person)
    assert registration.source == Registration.Source.ORGANISER
    assert not OutboxMessage.objects.exists()
