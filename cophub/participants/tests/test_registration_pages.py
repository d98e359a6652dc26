"""The participant's pages: register, my registrations, the page with the personal QR,
cancel; the coordinator's nomination page; who may see what."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from cophub.orgs.models import Organization, Person
from cophub.participants.models import RegistrationPolicy
from cophub.programs.models import Registration
from cophub.testing import PersonFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


def text_of(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_one_click_from_the_activity_page(participant_client, participant, activity):
    page = participant_client.get(reverse("programs:activity", args=[activity.pk]))
    html = page.content.decode()
    register = reverse("participants:register", args=[activity.pk])
    assert f'action="{register}"' in html
    assert "นักวิเคราะห์นโยบายและแผน" in html and "กรมการปกครอง" in html  # as they are registered
    response = participant_client.post(register)
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("participants:registration", args=[registration.pk])
    assert registration.person.user == participant and registration.status == Status.REGISTERED


def test_the_register_page_shows_and_corrects_organisation_and_position(
    participant_client, participant, activity
):
    url = reverse("participants:register", args=[activity.pk])
    page = participant_client.get(url).content.decode()
    assert 'value="นักวิเคราะห์นโยบายและแผน"' in page
    dopa = Organization.objects.get(code="DOPA")
    assert f'<option value="{dopa.pk}" selected>' in page
    ops = Organization.objects.get(code="OPS")
    participant_client.post(url, {"organization": ops.pk, "position": "นักวิชาการ"})
    person = Person.objects.get(user=participant)
    assert (person.organization, person.position) == (ops, "นักวิชาการ")
    # registered already: the page sends them to their registration
    again = participant_client.get(url)
    assert again.status_code == 302


def test_refusals_are_clear_4xx_pages_and_save_nothing(participant_client, activity):
    RegistrationPolicy.objects.filter(activity=activity).update(
        who=RegistrationPolicy.Who.NOMINATION
    )
    response = participant_client.post(reverse("participants:register", args=[activity.pk]))
    assert response.status_code == 403
    assert "เฉพาะผู้ที่ได้รับการเสนอชื่อ" in text_of(response)
    RegistrationPolicy.objects.filter(activity=activity).update(
        who=RegistrationPolicy.Who.ANY_STAFF, is_open=False
    )
    response = participant_client.post(reverse("participants:register", args=[activity.pk]))
    assert response.status_code == 409
    assert "ปิดรับ" in text_of(response)
    response = participant_client.post(
        reverse("participants:register", args=[activity.pk]), {"organization": "abc"}
    )
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_the_registration_page_shows_status_date_in_buddhist_era_and_the_qr(
    participant_client, participant, activity
):
    participant_client.post(reverse("participants:register", args=[activity.pk]))
    registration = Registration.objects.get()
    page = participant_client.get(reverse("participants:registration", args=[registration.pk]))
    text = text_of(page)
    assert "ลงทะเบียนแล้ว" in text
    assert str(activity.start_date.year + 543) in re.sub(
        "[๐-๙]", lambda m: str("๐๑๒๓๔๕๖๗๘๙".index(m.group())), text
    )
    qr_url = reverse("participants:registration_qr", args=[registration.pk])
    assert qr_url in page.content.decode()
    assert reverse("participants:cancel", args=[registration.pk]) in page.content.decode()
    svg = participant_client.get(qr_url)
    assert svg["Content-Type"] == "image/svg+xml"
    assert "no-store" in svg["Cache-Control"]
    root = ET.fromstring(svg.content)
    assert root.tag.endswith("svg")
    assert registration.checkin_code.encode() not in svg.content  # drawn, not written


def test_my_registrations_lists_only_mine_with_waiting_position(
    participant_client, participant, activity, dopa
):
    RegistrationPolicy.objects.filter(activity=activity).update(capacity=1)
    RegistrationFactory(activity=activity, attended=False)
    participant_client.post(reverse("participants:register", args=[activity.pk]))
    someone_else = RegistrationFactory(person__first_name="คนอื่น")
    text = text_of(participant_client.get(reverse("participants:mine")))
    assert activity.title in text and "รายชื่อสำรอง" in text and "๑" in text
    assert someone_else.activity.program.title not in text


def test_cancel_from_the_registration_page_promotes_the_next(
    participant_client, participant, activity
):
    RegistrationPolicy.objects.filter(activity=activity).update(capacity=1)
    participant_client.post(reverse("participants:register", args=[activity.pk]))
    waiting = RegistrationFactory(activity=activity, status=Status.WAITING)
    mine = Registration.objects.get(person__user=participant)
    response = participant_client.post(reverse("participants:cancel", args=[mine.pk]))
    assert response.status_code == 302
    mine.refresh_from_db(), waiting.refresh_from_db()
    assert (mine.status, waiting.status) == ("cancelled", "registered")
    page = participant_client.get(reverse("participants:registration", args=[mine.pk]))
    assert reverse("participants:cancel", args=[mine.pk]) not in page.content.decode()


def test_cancel_too_late_is_said_on_the_page(participant_client, participant, activity):
    participant_client.post(reverse("participants:register", args=[activity.pk]))
    mine = Registration.objects.get()
    activity.start_date = activity.end_date = timezone.localdate()
    activity.save()
    page = participant_client.post(reverse("participants:cancel", args=[mine.pk]), follow=True)
    assert "เริ่มแล้ว" in text_of(page)
    mine.refresh_from_db()
    assert mine.status == Status.REGISTERED


def test_someone_elses_registration_does_not_exist_for_a_member(
    member_client, participant_client, participant, activity
):
    participant_client.post(reverse("participants:register", args=[activity.pk]))
    registration = Registration.objects.get()
    for name in ("participants:registration", "participants:registration_qr"):
        assert member_client.get(reverse(name, args=[registration.pk])).status_code == 404
    assert (
        member_client.post(reverse("participants:cancel", args=[registration.pk])).status_code
        == 404
    )
    registration.refresh_from_db()
    assert registration.status == Status.REGISTERED


def test_the_organiser_and_the_door_see_a_registration(organiser_client, door_client, activity):
    registration = RegistrationFactory(activity=activity, attended=False)
    url = reverse("participants:registration", args=[registration.pk])
    assert organiser_client.get(url).status_code == 200
    assert door_client.get(url).status_code == 200


def test_strangers_are_sent_to_log_in(stranger_client, activity):
    registration = RegistrationFactory(activity=activity)
    for url in [
        reverse("participants:register", args=[activity.pk]),
        reverse("participants:mine"),
        reverse("participants:registration", args=[registration.pk]),
        reverse("participants:registration_qr", args=[registration.pk]),
        reverse("participants:nominate", args=[activity.pk]),
    ]:
        response = stranger_client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(
            "/accounts/login/"
        ), url
    response = stranger_client.post(reverse("participants:cancel", args=[registration.pk]))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not Registration.objects.exclude(status=Status.ATTENDED).exists()


# --- nomination -------------------------------------------------------------------------
def test_the_coordinator_nominates_from_the_page(coordinator_client, coordinator, activity, dopa):
    known = PersonFactory(organization=dopa, first_name="ประเสริฐ")
    outsider = PersonFactory(organization=Organization.objects.get(code="OPS"), first_name="นอก")
    url = reverse("participants:nominate", args=[activity.pk])
    page = coordinator_client.get(url).content.decode()
    assert "ประเสริฐ" in page and "นอก" not in page  # only my organisation's staff
    assert coordinator_client.post(url, {"person": known.pk}).status_code == 302
    response = coordinator_client.post(
        url, {"first_name": "สมศรี", "last_name": "ใจงาม", "organization": dopa.pk}
    )
    assert response.status_code == 302
    assert set(Registration.objects.values_list("person__first_name", flat=True)) == {
        "ประเสริฐ", "สมศรี",
    }  # fmt: skip
    assert "สมศรี" in coordinator_client.get(url).content.decode()  # nominated so far
    # another organisation's person, by id: the choice is refused
    response = coordinator_client.post(url, {"person": outsider.pk})
    assert response.status_code == 400
    response = coordinator_client.post(url, {"first_name": "ไม่มีสังกัด"})
    assert response.status_code == 400
    assert Registration.objects.count() == 2


def test_only_coordinators_and_the_organiser_reach_the_nomination_page(
    member_client, other_client, organiser_client, activity
):
    url = reverse("participants:nominate", args=[activity.pk])
    assert member_client.get(url).status_code == 403
    assert member_client.post(url, {"first_name": "x"}).status_code == 403
    assert other_client.get(url).status_code == 403
    assert organiser_client.get(url).status_code == 200
    assert not Registration.objects.exists()


def test_the_organiser_adds_anyone_with_the_organiser_as_source(organiser_client, activity):
    person = PersonFactory(organization=Organization.objects.get(code="OPS"))
    url = reverse("participants:nominate", args=[activity.pk])
    assert organiser_client.post(url, {"person": person.pk}).status_code == 302
    assert Registration.objects.get().source == Registration.Source.ORGANISER


def test_a_member_without_a_staff_record_registers_from_the_page(client, activity):
    user = UserFactory(username="fresh", first_name="ใหม่", last_name="เอี่ยม")
    client.force_login(user)
    response = client.post(
        reverse("participants:register", args=[activity.pk]), {"position": "นักจัดการงานทั่วไป"}
    )
    assert response.status_code == 302
    assert Registration.objects.get().person.full_name == "ใหม่ เอี่ยม"
