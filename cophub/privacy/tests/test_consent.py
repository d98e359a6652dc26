"""Consents: asked for at self-registration with the notice linked, recorded with the notice
version, listed on the profile page, withdrawn there, and withdrawing stops the use."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cophub.core.errors import DomainError
from cophub.core.models import AuditLog
from cophub.orgs.models import Person
from cophub.participants.services.registration import (
    registration_nominate,
    registration_register_self,
)
from cophub.privacy import services
from cophub.privacy.models import Consent
from cophub.programs.models import Registration
from cophub.testing import UserFactory

pytestmark = pytest.mark.django_db

PROFILE = reverse("accounts:profile")


def register_url(activity) -> str:
    return reverse("participants:register", args=[activity.pk])


def test_the_registration_page_links_the_notice_and_asks_for_consent(
    participant_client, activity, notice
):
    page = participant_client.get(register_url(activity)).content.decode()
    assert 'href="/privacy/"' in page and "ประกาศความเป็นส่วนตัว</a> (ฉบับที่ ๑)" in page
    assert "โทรศัพท์มือถือ (ไม่บังคับ)" in page
    assert "ข้าพเจ้ายินยอมให้ผู้จัดกิจกรรมเก็บหมายเลขโทรศัพท์มือถือนี้ไว้" in page
    assert 'name="notice_version" value="1"' in page


def test_registering_with_a_mobile_number_records_the_consents_and_the_version(
    participant, participant_client, activity, notice
):
    response = participant_client.post(register_url(activity), {
        "phone": "๐๘๑-๒๓๔-๕๖๗๘", "consent_contact": "on", "consent_photo": "on",
        "notice_version": "1",
    })  # fmt: skip
    assert response.status_code == 302
    person = Person.objects.get(user=participant)
    assert (person.mobile, person.phone) == ("0812345678", "")
    consents = Consent.objects.filter(person=person).order_by("purpose")
    assert [(c.purpose, c.notice.version, c.source, c.in_force) for c in consents] == [
        ("optional_contact", 1, "registration", True),
        ("photo", 1, "registration", True),
    ]
    assert Registration.objects.get(person=person).privacy_notice_version == 1
    assert AuditLog.objects.filter(action="consent.given").count() == 2


def test_a_mobile_number_without_consent_is_refused_and_nothing_is_saved(
    participant, participant_client, activity, notice
):
    response = participant_client.post(register_url(activity), {"phone": "0812345678"})
    assert response.status_code == 400
    assert "กรุณาทำเครื่องหมายยินยอม หรือเว้นหมายเลขโทรศัพท์มือถือว่างไว้" in response.content.decode()
    assert not Registration.objects.exists() and not Consent.objects.exists()
    assert Person.objects.get(user=participant).mobile == ""


def test_the_service_keeps_a_mobile_number_only_with_its_consent(participant, activity, notice):
    with pytest.raises(DomainError) as caught:
        registration_register_self(user=participant, activity=activity, phone="0812345678")
    assert caught.value.code == "consent_contact_needed"
    with pytest.raises(DomainError) as caught:
        registration_register_self(
            user=participant, activity=activity, consents=("optional_contact",)
        )
    assert caught.value.code == "consent_phone_needed"
    assert not Registration.objects.exists()


def test_registering_without_consents_needs_none_and_keeps_the_version(
    participant, participant_client, activity, notice
):
    participant_client.post(register_url(activity), {"notice_version": "1"})
    registration = Registration.objects.get()
    assert registration.privacy_notice_version == 1
    assert not Consent.objects.exists()


def test_with_no_notice_in_force_nothing_is_asked_on_consent(
    participant, participant_client, activity
):
    page = participant_client.get(register_url(activity)).content.decode()
    assert "โทรศัพท์มือถือ (ไม่บังคับ)" not in page
    assert participant_client.post(register_url(activity)).status_code == 302
    assert Registration.objects.get().privacy_notice_version is None


def test_a_nomination_records_the_notice_in_force(organiser, activity, notice):
    registration = registration_nominate(
        actor=organiser, activity=activity,
        new_person={"first_name": "สมหญิง", "last_name": "ดีงาม", "organization": None},
    )  # fmt: skip
    assert registration.privacy_notice_version == 1


def test_the_profile_lists_the_consents_and_withdrawing_deletes_the_mobile_number(
    participant, participant_client, activity, notice
):
    registration_register_self(
        user=participant, activity=activity, phone="0812345678",
        consents=("optional_contact", "photo"), notice_version=1,
    )  # fmt: skip
    page = participant_client.get(PROFILE).content.decode()
    assert "ความยินยอมของท่าน" in page
    assert "โทรศัพท์มือถือสำหรับติดต่อในวันกิจกรรม" in page and "ฉบับที่ ๑" in page
    assert page.count("ถอนความยินยอม</button>") == 2
    contact = Consent.objects.get(purpose="optional_contact")
    response = participant_client.post(reverse("privacy:consent_withdraw", args=[contact.pk]))
    assert response["Location"] == PROFILE
    contact.refresh_from_db()
    assert contact.withdrawn_at is not None
    assert Person.objects.get(user=participant).mobile == ""  # the use stops
    row = AuditLog.objects.get(action="consent.withdrawn")
    assert row.changes["cleared"] == ["mobile"]
    assert Consent.objects.get(purpose="photo").in_force  # the other stays
    again = participant_client.post(
        reverse("privacy:consent_withdraw", args=[contact.pk]), follow=True
    )
    assert "ความยินยอมนี้ถูกถอนไปแล้ว" in again.content.decode()
    # Given again later: a new consent, the withdrawn one kept as the record.
    services.consent_give(
        actor=participant, person=contact.person, purpose="optional_contact", source="profile"
    )
    assert Consent.objects.filter(purpose="optional_contact").count() == 2


def test_nobody_withdraws_someone_elses_consent(participant, member_client, organiser_client,
                                                 stranger_client, activity, notice):  # fmt: skip
    registration_register_self(
        user=participant, activity=activity, consents=("photo",), notice_version=1
    )
    consent = Consent.objects.get()
    url = reverse("privacy:consent_withdraw", args=[consent.pk])
    assert member_client.post(url).status_code == 404
    assert organiser_client.post(url).status_code == 404
    assert stranger_client.post(url)["Location"].startswith(reverse("login"))
    consent.refresh_from_db()
    assert consent.in_force


def test_an_admin_may_withdraw_on_a_persons_behalf(participant, sysadmin, activity, notice):
    registration_register_self(
        user=participant, activity=activity, consents=("photo",), notice_version=1
    )
    consent = services.consent_withdraw(actor=sysadmin, consent_id=Consent.objects.get().pk)
    assert not consent.in_force


def test_only_consent_purposes_take_a_consent(participant, notice):
    person = Person.objects.get(user=participant)
    with pytest.raises(DomainError) as caught:
        services.consent_give(
            actor=participant, person=person, purpose="participation", source="profile"
        )
    assert caught.value.code == "consent_not_needed"


def test_nobody_gives_consent_for_someone_else(participant, notice):
    other = UserFactory()
    with pytest.raises(DomainError) as caught:
        services.consent_give(
            actor=other, person=Person.objects.get(user=participant), purpose="photo",
            source="profile",
        )  # fmt: skip
    assert caught.value.code == "permission_denied"


def test_without_a_notice_no_consent_can_be_given(participant):
    with pytest.raises(DomainError) as caught:
        services.consent_give(
            actor=participant, person=Person.objects.get(user=participant), purpose="photo",
            source="profile",
        )  # fmt: skip
    assert caught.value.code == "notice_missing"


def test_a_profile_without_consents_says_none_are_needed(member_client, notice):
    page = member_client.get(PROFILE).content.decode()
    assert "ท่านยังไม่ได้ให้ความยินยอมใด" in page
    assert 'href="/privacy/"' in page


def test_the_roster_marks_who_agreed_to_photos_until_they_withdraw(
    participant, participant_client, organiser_client, activity, notice
):
    registration_register_self(
        user=participant, activity=activity, consents=("photo",), notice_version=1
    )
    roster = reverse("participants:roster", args=[activity.pk])
    assert "ยินยอมให้ใช้ภาพ</span>" in organiser_client.get(roster).content.decode()
    consent = Consent.objects.get()
    participant_client.post(reverse("privacy:consent_withdraw", args=[consent.pk]))
    assert "ยินยอมให้ใช้ภาพ</span>" not in organiser_client.get(roster).content.decode()


def test_a_withdrawn_mobile_number_is_left_nowhere(participant, activity, notice):
    registration_register_self(
        user=participant, activity=activity, phone="0812345678",
        consents=("optional_contact",), notice_version=1,
    )  # fmt: skip
    consent = Consent.objects.get()
    services.consent_withdraw(actor=participant, consent_id=consent.pk)
    for row in AuditLog.objects.all():
        assert "0812345678" not in f"{row.object_repr} {row.changes}", row.action
    assert not Person.objects.filter(mobile__contains="0812345678").exists()
    assert not Person.objects.filter(phone__contains="0812345678").exists()


def test_the_work_phone_and_the_consented_mobile_are_kept_apart(participant, activity, notice):
    """The agency's list gave the work telephone (public task); the person's mobile on
    consent overwrote it, and withdrawing that consent then deleted the work telephone."""
    person = Person.objects.get(user=participant)
    person.phone = "022223333"  # as an import from the agency's list stores it
    person.save(update_fields=["phone"])
    registration_register_self(
        user=participant, activity=activity, phone="0812345678",
        consents=("optional_contact",), notice_version=1,
    )  # fmt: skip
    person.refresh_from_db()
    assert (person.phone, person.mobile) == ("022223333", "0812345678")
    consent = Consent.objects.get()
    services.consent_withdraw(actor=participant, consent_id=consent.pk)
    person.refresh_from_db()
    assert (person.phone, person.mobile) == ("022223333", "")


def test_the_persons_copy_holds_the_mobile_and_the_erasure_clears_it(
    participant, activity, notice, sysadmin
):
    from django.core.management import call_command

    from cophub.rights.sections.profile import Profile
    from cophub.rights.subject import Subject

    registration_register_self(
        user=participant, activity=activity, phone="0812345678",
        consents=("optional_contact",), notice_version=1,
    )  # fmt: skip
    person = Person.objects.get(user=participant)
    subject = Subject.of(person)
    assert Profile.export(subject)[0]["mobile"] == "0812345678"
    assert "0812345678" in subject.names  # redacted wherever it was written
    call_command("person-erase", str(person.pk), "--yes", "--owner", sysadmin.username)
    person.refresh_from_db()
    assert person.mobile == ""
