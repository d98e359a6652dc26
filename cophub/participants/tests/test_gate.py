"""The activity's own QR (the gate): check in during the activity, the survey after it."""

from __future__ import annotations

import re
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cophub.participants.models import CheckIn
from cophub.programs.models import Registration
from cophub.surveys import tickets
from cophub.surveys.models import SurveyTicket
from cophub.surveys.tests.attendees import (
    activity_today,
    attendees_survey,
    close_checkin,
    gate_url,
    person_with_phone,
)
from cophub.testing import RegistrationFactory, survey_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(organiser):
    return activity_today(organiser, title="สัมมนาการให้บริการประชาชน")


def _button(html: str) -> str | None:
    found = re.search(r'data-testid="(gate-checkin|gate-survey)"', html)
    return found.group(1) if found else None


def test_a_stranger_logs_in_first_and_comes_back(stranger_client, today):
    _activity, policy = today
    response = stranger_client.get(gate_url(policy))
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={gate_url(policy)}"
    assert stranger_client.post(gate_url(policy), {"action": "checkin"}).status_code == 302
    assert not CheckIn.objects.exists()


def test_an_unknown_code_is_not_found(member_client):
    assert member_client.get("/a/not-a-code/").status_code == 404


def test_a_member_not_registered_is_told_so_in_thai(member_client, today):
    _activity, policy = today
    html = member_client.get(gate_url(policy)).content.decode()
    assert "ไม่ได้ลงทะเบียน" in html and _button(html) is None
    assert 'href="/activities/' in html and "/register/" in html  # registration is open


def test_checking_in_during_the_window_shows_the_result_big(today):
    activity, policy = today
    _user, registration, phone = person_with_phone(activity)
    page = phone.get(gate_url(policy)).content.decode()
    assert _button(page) == "gate-checkin"
    nonce = re.search(r'name="nonce" value="([^"]+)"', page).group(1)
    result = phone.post(gate_url(policy), {"action": "checkin", "nonce": nonce})
    assert result.status_code == 200
    html = result.content.decode()
    assert 'data-status="ok"' in html and "เช็คอินแล้ว" in html
    again = phone.post(gate_url(policy), {"action": "checkin", "nonce": nonce})  # a double tap
    assert 'data-status="ok"' in again.content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED
    assert CheckIn.objects.filter(registration=registration).count() == 1
    page = phone.get(gate_url(policy)).content.decode()
    assert 'data-testid="checked-in"' in page and _button(page) is None  # no survey yet


def test_waiting_cancelled_and_outside_the_window_say_why(today):
    activity, policy = today
    _u, _r, waiting = person_with_phone(activity, status=Registration.Status.WAITING)
    _u, _r, cancelled = person_with_phone(activity, status=Registration.Status.CANCELLED)
    _u, _r, late = person_with_phone(activity)
    close_checkin(policy)
    assert "รายชื่อสำรอง" in waiting.get(gate_url(policy)).content.decode()
    assert "ยกเลิก" in cancelled.get(gate_url(policy)).content.decode()
    html = late.get(gate_url(policy)).content.decode()
    assert _button(html) is None and "นอกช่วงเวลาเช็คอิน" in html


def test_after_the_activity_the_same_qr_opens_an_attendees_only_survey(organiser, today):
    activity, policy = today
    survey = attendees_survey(activity, organiser)
    _user, _registration, phone = person_with_phone(activity)
    phone.post(gate_url(policy), {"action": "checkin", "nonce": str(uuid.uuid4())})
    close_checkin(policy)
    page = phone.get(gate_url(policy)).content.decode()
    assert _button(page) == "gate-survey" and "ทำแบบประเมิน" in page
    opened = phone.post(gate_url(policy), {"action": "ticket"})
    assert opened.status_code == 302 and opened["Location"] == f"/s/{survey.token}"
    assert tickets.COOKIE in phone.cookies
    assert phone.get(opened["Location"]).status_code == 200  # the form, with the ticket
    # A second tap: no second ticket, straight to the survey.
    assert phone.post(gate_url(policy), {"action": "ticket"})["Location"] == f"/s/{survey.token}"
    assert SurveyTicket.objects.filter(survey=survey).count() == 1
    # Later the gate links to the survey and explains where the pass is.
    page = phone.get(gate_url(policy)).content.decode()
    assert 'href="/s/' in page and "เบราว์เซอร์ที่ท่านเปิดแบบประเมินครั้งแรก" in page


def test_someone_who_did_not_attend_gets_no_ticket(organiser, today):
    activity, policy = today
    attendees_survey(activity, organiser)
    _user, _registration, phone = person_with_phone(activity)
    close_checkin(policy)
    page = phone.get(gate_url(policy)).content.decode()
    assert _button(page) is None and "เฉพาะผู้ที่เช็คอิน" in page
    refused = phone.post(gate_url(policy), {"action": "ticket"})
    assert refused.status_code == 403 and tickets.COOKIE not in phone.cookies


def test_an_open_survey_is_just_a_link_for_anyone(organiser, member_client, today):
    activity, policy = today
    survey = survey_for(activity, organiser)
    close_checkin(policy)
    html = member_client.get(gate_url(policy)).content.decode()  # not registered
    assert _button(html) == "gate-survey" and f'href="/s/{survey.token}"' in html
    opened = member_client.post(gate_url(policy), {"action": "ticket"})
    assert (
        opened["Location"] == f"/s/{survey.token}" and tickets.COOKIE not in member_client.cookies
    )


def test_a_made_up_action_is_a_400_in_thai(member_client, today):
    _activity, policy = today
    response = member_client.post(gate_url(policy), {"action": "delete"})
    assert response.status_code == 400 and "กรุณากดปุ่ม" in response.content.decode()


def test_the_gate_page_reads_only_and_logs_nothing(organiser, today, caplog):
    activity, policy = today
    attendees_survey(activity, organiser)
    RegistrationFactory(activity=activity)
    _user, _registration, phone = person_with_phone(activity)
    caplog.set_level("DEBUG")
    with CaptureQueriesContext(connection) as queries:
        assert phone.get(gate_url(policy)).status_code == 200
    assert not [q for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))]
    phone.post(gate_url(policy), {"action": "checkin", "nonce": str(uuid.uuid4())})
    phone.post(gate_url(policy), {"action": "ticket"})
    assert [r for r in caplog.records if r.name in ("cophub.request", "django.request")] == []
    assert Client().get(gate_url(policy)).status_code == 302  # a stranger is still redirected
