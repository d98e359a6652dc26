"""The respondent's side (issues 12 and 13): an id per survey that two surveys cannot
join and that lasts while the survey is open; "you answered, not you?"; the thank-you
naming the activity; and the kiosk that never remembers."""

import datetime as dt
import importlib
import re
import uuid

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone

from cophub.surveys import clients
from cophub.surveys.kiosk import kiosk_signature, kiosk_url
from cophub.surveys.models import Response, Survey
from cophub.surveys.services import survey_submit
from cophub.testing import ActivityFactory, all_likert, survey_for

pytestmark = pytest.mark.django_db

ANSWERED = "คุณตอบแบบสอบถามนี้แล้ว แก้ไขคำตอบได้"
NOT_YOU = "ไม่ใช่คุณ? เริ่มคำตอบใหม่"


def form_answers(value=5, **extra):
    return {**{f"q{i}": str(value) for i in range(1, 10)}, **extra}


@pytest.fixture
def other_survey(organiser, survey):
    activity = ActivityFactory(program=survey.activity.program, number=2, participants_count=40)
    return survey_for(activity, organiser)


def answer(client, survey, value=5, **extra):
    client.get(f"/s/{survey.token}")
    return client.post(f"/s/{survey.token}", form_answers(value, **extra))


# --- one id per survey ------------------------------------------------------------------
def test_the_device_cookie_belongs_to_one_survey_and_lasts_while_it_is_open(survey):
    survey.closes_at = timezone.now() + dt.timedelta(days=3)
    survey.save()
    page = Client().get(f"/s/{survey.token}")
    cookie = page.cookies[clients.COOKIE]
    assert cookie["path"] == f"/s/{survey.token}" and cookie["httponly"]
    assert abs(int(cookie["max-age"]) - 3 * 24 * 3600) < 60  # until it closes, not 400 days
    assert clients.LEGACY_COOKIE not in page.cookies  # the site-wide id is never set again


def test_without_a_closing_time_the_id_is_kept_a_week(survey):
    assert survey.closes_at is None
    cookie = Client().get(f"/s/{survey.token}").cookies[clients.COOKIE]
    assert int(cookie["max-age"]) == 7 * 24 * 3600


def test_a_closed_survey_keeps_no_id(survey):
    survey.closes_at = timezone.now() - dt.timedelta(minutes=1)
    survey.opens_at = survey.closes_at - dt.timedelta(days=1)
    survey.save()
    assert clients.cookie_age(survey) == 0
    assert clients.COOKIE not in Client().get(f"/s/{survey.token}").cookies


def test_one_phone_in_two_surveys_leaves_ids_that_cannot_be_joined(survey, other_survey):
    phone = Client()
    answer(phone, survey)
    answer(phone, other_survey)
    first = Response.objects.get(survey=survey)
    second = Response.objects.get(survey=other_survey)
    assert first.respondent and second.respondent and first.respondent != second.respondent
    # The test client sends one cookie to both surveys (a browser keeps one per survey
    # path): even the same device value gives two unrelated stored ids, neither of them
    # the cookie, so a copy of the database opens no one's answers.
    value = phone.cookies[clients.COOKIE].value
    assert value not in (str(first.respondent), str(second.respondent))
    assert first.respondent == clients.respondent_for(survey, value)
    # The same client_id sent to two surveys is stored as two unrelated ids.
    client_id = uuid.uuid4()
    a, _ = survey_submit(survey=survey, client_id=client_id, answers=all_likert(3))
    b, _ = survey_submit(survey=other_survey, client_id=client_id, answers=all_likert(3))
    assert client_id not in (a.client_id, b.client_id) and a.client_id != b.client_id
    again, created = survey_submit(survey=survey, client_id=client_id, answers=all_likert(3))
    assert not created and again.pk == a.pk  # and a replay still finds its row


def test_the_api_echoes_the_client_id_it_was_sent(survey):
    client_id = str(uuid.uuid4())
    body = {"client_id": client_id, "answers": all_likert()}
    response = Client().post(
        f"/api/v1/s/{survey.token}/responses", body, content_type="application/json"
    )
    assert response.status_code == 201 and response.json()["client_id"] == client_id
    assert str(Response.objects.get().client_id) != client_id


def test_a_phone_that_answered_under_the_old_cookie_still_edits_its_answer(survey, other_survey):
    legacy = str(uuid.uuid4())
    # What the migration left: the old id re-keyed per survey.
    survey_submit(
        survey=survey, client_id=uuid.uuid4(), answers=all_likert(2),
        respondent=clients.respondent_for(survey, legacy),
    )  # fmt: skip
    phone = Client()
    phone.cookies[clients.LEGACY_COOKIE] = legacy
    page = phone.get(f"/s/{survey.token}")
    html = page.content.decode()
    assert ANSWERED in html and 'value="2" checked' in html
    assert page.cookies[clients.COOKIE].value == legacy  # carried on in the survey's own cookie
    phone.post(f"/s/{survey.token}", form_answers(4))
    assert Response.objects.filter(survey=survey).count() == 1
    assert Response.objects.get(survey=survey).answers["q1"] == 4
    # In a survey it never answered, the old cookie brings nothing: a new id. (A new
    # client: the test client, unlike a browser, sends every cookie to every path.)
    elsewhere = Client()
    elsewhere.cookies[clients.LEGACY_COOKIE] = legacy
    fresh = elsewhere.get(f"/s/{other_survey.token}")
    assert ANSWERED not in fresh.content.decode()
    assert fresh.cookies[clients.COOKIE].value != legacy


def test_the_migration_rekeys_stored_ids_per_survey(survey, other_survey):
    legacy = uuid.uuid4()
    rows = [
        Response.objects.create(
            survey=s,
            version=s.current_version,
            client_id=uuid.uuid4(),
            respondent=legacy,
            answers=all_likert(3),
        )
        for s in (survey, other_survey)
    ]
    ticket_answer = Response.objects.create(
        survey=other_survey, version=other_survey.current_version, client_id=uuid.uuid4(),
        respondent=None, answers=all_likert(3),
    )  # fmt: skip
    Survey.objects.filter(pk=other_survey.pk).update(attendees_only=True)
    old_clients = {r.pk: r.client_id for r in rows}
    migration = importlib.import_module("cophub.surveys.migrations.0004_respondent_ids_per_survey")
    migration.rekey(apps, None)
    first, second = (Response.objects.get(pk=r.pk) for r in rows)
    assert first.respondent == clients.respondent_for(survey, str(legacy))
    # An attendees-only answer's respondent is its ticket's hash already: left as it is.
    assert second.respondent == legacy
    assert first.client_id == clients.client_key(survey, old_clients[first.pk])
    assert Response.objects.get(pk=ticket_answer.pk).respondent is None


# --- "you answered" and "not you?" ---------------------------------------------------
def test_a_phone_that_answered_is_told_so_and_sees_its_answers(survey):
    phone = Client()
    first = phone.get(f"/s/{survey.token}").content.decode()
    assert ANSWERED not in first and NOT_YOU not in first
    phone.post(f"/s/{survey.token}", form_answers(2, comment="ห้องเย็นไป"))
    again = phone.get(f"/s/{survey.token}").content.decode()
    assert ANSWERED in again and NOT_YOU in again
    assert 'value="2" checked' in again and "ห้องเย็นไป" in again


def test_not_you_forgets_this_devices_id_and_starts_an_empty_answer(survey):
    phone = Client(enforce_csrf_checks=True)
    page = phone.get(f"/s/{survey.token}").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    phone.post(f"/s/{survey.token}", {**form_answers(2), "csrfmiddlewaretoken": token})
    before = phone.cookies[clients.COOKIE].value
    assert phone.post(f"/s/{survey.token}/new").status_code == 403  # no CSRF token: refused
    assert phone.get(f"/s/{survey.token}/new").status_code == 405  # a link cannot do it
    started = phone.post(f"/s/{survey.token}/new", {"csrfmiddlewaretoken": token})
    assert started.status_code == 303 and started["Location"] == f"/s/{survey.token}"
    assert phone.cookies[clients.COOKIE].value != before
    empty = phone.get(started["Location"]).content.decode()
    assert ANSWERED not in empty and " checked" not in empty
    phone.post(f"/s/{survey.token}", {**form_answers(5), "csrfmiddlewaretoken": token})
    # The earlier person's answer stays; the next person's is a response of its own.
    assert sorted(r.answers["q1"] for r in Response.objects.all()) == [2, 5]


def test_the_thank_you_page_names_the_activity(survey):
    survey.activity.title = "ศึกษาดูงานศูนย์ราชการสะดวก"
    survey.activity.number = 3
    survey.activity.save()
    phone = Client()
    thanks = phone.get(answer(phone, survey)["Location"]).content.decode()
    assert "ขอบคุณที่ร่วมประเมิน" in thanks
    assert "กิจกรรมครั้งที่ ๓ ศึกษาดูงานศูนย์ราชการสะดวก" in thanks
    assert survey.activity.program.title in thanks


# --- the kiosk --------------------------------------------------------------------------
def kiosk_path(survey):
    return f"/s/{survey.token}/kiosk/{kiosk_signature(survey)}"


def test_the_kiosk_never_remembers_and_every_submission_is_a_response(survey, settings):
    settings.SITE_URL = "https://cop.example.go.th"
    assert kiosk_url(survey) == "https://cop.example.go.th" + kiosk_path(survey)
    tablet = Client()
    answer(tablet, survey, 1)  # someone used the tablet as an ordinary phone before
    for value in (3, 4, 5):
        page = tablet.get(kiosk_path(survey))
        html = page.content.decode()
        assert clients.COOKIE not in page.cookies  # nothing set
        assert ANSWERED not in html and " checked" not in html  # nothing shown
        done = tablet.post(kiosk_path(survey), form_answers(value))
        assert done.status_code == 302 and done["Location"] == kiosk_path(survey) + "/thanks"
        thanks = tablet.get(done["Location"]).content.decode()
        assert "ขอบคุณที่ร่วมประเมิน" in thanks
        assert f'content="5;url={kiosk_path(survey)}"' in thanks  # back to an empty form
    kiosk_answers = Response.objects.filter(respondent__isnull=True)
    assert sorted(r.answers["q1"] for r in kiosk_answers) == [3, 4, 5]
    assert Response.objects.count() == 4


def test_a_kiosk_link_needs_its_signature(survey, organiser):
    assert Client().get(f"/s/{survey.token}/kiosk/forged").status_code == 404
    other = survey_for(ActivityFactory(program=survey.activity.program, number=5), organiser)
    assert Client().get(f"/s/{survey.token}/kiosk/{kiosk_signature(other)}").status_code == 404
    Survey.objects.filter(pk=survey.pk).update(attendees_only=True)
    survey.refresh_from_db()
    assert kiosk_url(survey) == ""
    assert Client().get(kiosk_path(survey)).status_code == 404  # a ticket cannot be skipped


def test_a_kiosk_is_not_locked_out_by_the_phone_limit_but_has_its_own(survey, settings):
    settings.SURVEY_RATE_PER_DEVICE = 2
    settings.SURVEY_RATE_PER_KIOSK = 5
    tablet = Client(REMOTE_ADDR="10.20.30.40")
    statuses = [tablet.post(kiosk_path(survey), form_answers(4)).status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]  # a queue of five people, then a flood guard
    assert Response.objects.count() == 5
    # The hall's phones behind the same address are not held back by the kiosk's count.
    assert answer(Client(REMOTE_ADDR="10.20.30.40"), survey).status_code == 302
