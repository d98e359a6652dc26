"""An answer kept on an offline phone and sent later to the JSON API (docs/surveys.md,
"Offline"): it keeps the time it was made when the phone's clock is plausible, and it is
that phone's answer, so an edit from the phone afterwards is an edit."""

import datetime as dt
import json
import uuid

import pytest
from django.test import Client
from django.utils import timezone

from cophub.surveys import clients
from cophub.surveys.models import Response, Survey
from cophub.surveys.selectors import survey_comments
from cophub.surveys.services import survey_submit
from cophub.testing import all_likert

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(survey):
    """The survey as it stood on the bus: published and open since two hours ago."""
    began = timezone.now() - dt.timedelta(hours=2)
    Survey.objects.filter(pk=survey.pk).update(published_at=began, opens_at=began)
    survey.refresh_from_db()
    return survey


def api_url(survey) -> str:
    return f"/api/v1/s/{survey.token}/responses"


def upload(survey, made_at, *, client=None, **answers):
    client = client or Client(HTTP_ACCEPT_LANGUAGE="th")
    body = {"client_id": str(uuid.uuid4()), "answers": all_likert(4, **answers)}
    if made_at is not None:
        body["made_at"] = made_at if isinstance(made_at, str) else made_at.isoformat()
    return client.post(api_url(survey), json.dumps(body), content_type="application/json")


def as_a_browser_sends_to(page, path: str) -> Client:
    """A client holding only the cookies ``page`` set whose path covers ``path``: Django's
    test client sends every cookie everywhere, a browser only where its path matches."""
    client = Client(HTTP_ACCEPT_LANGUAGE="th")
    for name, morsel in page.cookies.items():
        if morsel.value and path.startswith(morsel["path"] or "/"):
            client.cookies[name] = morsel.value
    return client


# --- the time it was made ----------------------------------------------------------------
def test_the_time_an_offline_answer_was_made_is_stored_and_shown_with_its_comment(opened):
    made = timezone.now() - dt.timedelta(minutes=40)
    answer = upload(opened, made, comment="รถติดแต่ได้ความรู้มาก")
    assert answer.status_code == 201
    stored = Response.objects.get(pk=answer.json()["id"])
    assert abs(stored.made_at - made) < dt.timedelta(milliseconds=1)
    assert timezone.now() - stored.submitted_at < dt.timedelta(minutes=1)  # the arrival
    [comment] = survey_comments(survey=opened)
    assert abs(comment.submitted_at - made) < dt.timedelta(milliseconds=1)


def test_an_online_answer_has_no_separate_making_time(opened):
    answer = upload(opened, None)
    assert answer.status_code == 201
    assert Response.objects.get(pk=answer.json()["id"]).made_at is None


@pytest.mark.parametrize(
    "offset", [dt.timedelta(hours=1), dt.timedelta(hours=-3), dt.timedelta(days=-400)]
)
def test_a_phone_clock_that_cannot_be_right_is_ignored_and_the_answer_kept(opened, offset):
    """In the future beyond the skew, or before the survey began: counted as made when it
    arrived (refusing it would lose an answer nobody can fix on the phone)."""
    answer = upload(opened, timezone.now() + offset)
    assert answer.status_code == 201
    assert Response.objects.get(pk=answer.json()["id"]).made_at is None


def test_a_clock_a_little_ahead_is_taken_as_now(opened):
    answer = upload(opened, timezone.now() + dt.timedelta(minutes=3))
    assert answer.status_code == 201
    made = Response.objects.get(pk=answer.json()["id"]).made_at
    assert made is not None and made <= timezone.now()


@pytest.mark.parametrize("value", ["yesterday", "2026-13-01T10:00", "0001-01-01T00:00:00+00:00"])
def test_a_making_time_that_is_not_a_time_is_a_thai_400(opened, value):
    answer = upload(opened, value)
    assert answer.status_code == 400
    assert answer.json()["errors"] == [
        {"path": "made_at", "message": "ต้องเป็นวันและเวลาในรูปแบบมาตรฐาน ISO ๘๖๐๑"}
    ]
    assert not Response.objects.exists()


def test_an_edit_keeps_the_time_the_answer_was_first_made(opened):
    device, made = uuid.uuid4(), timezone.now() - dt.timedelta(minutes=30)
    survey_submit(
        survey=opened, client_id=uuid.uuid4(), answers=all_likert(2), respondent=device,
        made_at=made,
    )  # fmt: skip
    survey_submit(survey=opened, client_id=uuid.uuid4(), answers=all_likert(5), respondent=device)
    stored = Response.objects.get()
    assert stored.answers["q1"] == 5 and abs(stored.made_at - made) < dt.timedelta(milliseconds=1)


# --- the same device ---------------------------------------------------------------------
def test_the_page_gives_the_submission_route_its_own_copy_of_the_device_cookie(opened):
    page = Client().get(f"/s/{opened.token}")
    page_cookie, api_cookie = page.cookies[clients.COOKIE], page.cookies[clients.API_COOKIE]
    assert api_cookie.value == page_cookie.value
    assert api_cookie["path"] == api_url(opened) and api_cookie["httponly"]
    assert api_cookie["max-age"] == page_cookie["max-age"]


def test_an_answer_sent_later_is_the_devices_so_an_edit_from_the_phone_is_an_edit(opened):
    phone = Client()
    page = phone.get(f"/s/{opened.token}")
    sender = as_a_browser_sends_to(page, api_url(opened))
    assert clients.API_COOKIE in sender.cookies and clients.COOKIE not in sender.cookies
    made = timezone.now() - dt.timedelta(minutes=20)
    assert upload(opened, made, client=sender).status_code == 201
    stored = Response.objects.get()
    device = page.cookies[clients.COOKIE].value
    assert stored.respondent == clients.respondent_for(opened, device)
    # Back online, the phone sees its answer and changes it: still one response.
    again = phone.get(f"/s/{opened.token}")
    assert "คุณตอบแบบสอบถามนี้แล้ว" in again.content.decode()
    edit = phone.post(f"/s/{opened.token}", {f"q{i}": "2" for i in range(1, 10)})
    assert edit.status_code == 302
    assert Response.objects.count() == 1
    assert Response.objects.get().answers["q1"] == 2


def test_without_the_device_cookie_each_upload_is_its_own_response(opened):
    """An app or a second person on a shared phone (offline.js sends theirs without it)."""
    assert upload(opened, None).status_code == 201
    assert upload(opened, None).status_code == 201
    assert Response.objects.count() == 2
    assert not Response.objects.filter(respondent__isnull=False).exists()
