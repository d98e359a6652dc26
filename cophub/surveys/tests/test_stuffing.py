"""Stuffing a survey (issue 12): the API refuses other sites' pages and non-JSON bodies in
one place, and the limits are counted in the shared cache, per device and per address,
for the page, the API and every process alike."""

import json
import uuid

import pytest
import redis
from django.core.cache import cache
from django.test import Client, override_settings

from cophub.accounts.services import token_create
from cophub.ops.tests.ops_helpers import python, redis_cache, worker_redis_url
from cophub.surveys.models import Response
from cophub.testing import all_likert

pytestmark = pytest.mark.django_db

# Redis databases 11 to 14 belong to these tests, one per test worker.
REDIS_URL = worker_redis_url((11, 12, 13, 14))


def submit(survey, *, content_type="application/json", body=None, **headers):
    body = body if body is not None else {"client_id": str(uuid.uuid4()), "answers": all_likert()}
    return Client(**headers).post(
        f"/api/v1/s/{survey.token}/responses", json.dumps(body), content_type=content_type
    )


def error_of(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


# --- one guard for the whole API ------------------------------------------------------
def test_a_text_plain_post_from_another_sites_page_is_refused(survey):
    """What any page elsewhere can send without a preflight: the 23,853 % activity."""
    response = submit(survey, content_type="text/plain", HTTP_ORIGIN="https://evil.example")
    assert error_of(response, 403) == {
        "code": "cross_site_request",
        "detail": "ไม่รับคำขอที่ส่งมาจากหน้าเว็บของเว็บไซต์อื่น",
    }
    assert not Response.objects.exists()


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_a_body_that_is_not_declared_json_is_415_even_without_an_origin(survey, content_type):
    body = json.dumps({"client_id": str(uuid.uuid4()), "answers": all_likert()})
    response = Client().post(f"/api/v1/s/{survey.token}/responses", body, content_type=content_type)
    assert error_of(response, 415) == {
        "code": "unsupported_media_type",
        "detail": "ส่งเนื้อหาคำขอเป็น JSON (Content-Type: application/json)",
    }
    assert not Response.objects.exists()


def test_multipart_is_refused_except_where_a_file_is_uploaded(survey):
    """A JSON body labelled multipart (a type a page elsewhere may send without a preflight)
    would be read as JSON by an endpoint that reads its body: only uploads take multipart."""
    url = f"/api/v1/s/{survey.token}/responses"
    body = json.dumps({"client_id": str(uuid.uuid4()), "answers": all_likert()})
    disguised = Client().post(url, body, content_type="multipart/form-data; boundary=x")
    assert error_of(disguised, 415)["code"] == "unsupported_media_type"
    assert error_of(Client().post(url, {"client_id": "x"}), 415)["code"] == "unsupported_media_type"
    assert not Response.objects.exists()
    # The participant list upload takes a file: the guard lets it on to its own checks.
    upload = Client().post(f"/api/v1/activities/{survey.activity_id}/participant-imports", {})
    assert upload.status_code == 401


def test_a_length_that_is_not_a_number_is_no_500(survey):
    url = f"/api/v1/s/{survey.token}/responses"
    body = json.dumps({"client_id": str(uuid.uuid4()), "answers": all_likert()})
    text = Client().post(url, body, content_type="text/plain", CONTENT_LENGTH="abc")
    assert error_of(text, 415)["code"] == "unsupported_media_type"
    as_json = Client().post(url, body, content_type="application/json", CONTENT_LENGTH="abc")
    assert 400 <= as_json.status_code < 500  # Django reads no body; the endpoint says so
    assert not Response.objects.exists()


def test_json_from_another_origin_is_refused_too(survey):
    response = submit(survey, HTTP_ORIGIN="https://evil.example", HTTP_ACCEPT_LANGUAGE="en")
    assert (
        error_of(response, 403)["detail"] == "Requests from another site's pages are not accepted."
    )
    assert error_of(submit(survey, HTTP_ORIGIN="null"), 403)["code"] == "cross_site_request"
    # The same host on another scheme or port is another origin.
    assert submit(survey, HTTP_ORIGIN="https://testserver").status_code == 403
    assert submit(survey, HTTP_ORIGIN="http://testserver:8443").status_code == 403


def test_without_an_origin_a_cross_site_fetch_metadata_is_refused(survey):
    response = submit(survey, HTTP_SEC_FETCH_SITE="cross-site")
    assert error_of(response, 403)["code"] == "cross_site_request"
    assert submit(survey, HTTP_SEC_FETCH_SITE="same-origin").status_code == 201


def test_this_sites_own_origins_are_accepted(survey, settings):
    settings.SITE_URL = "https://cop.example.go.th"
    settings.ALLOWED_HOSTS = ["testserver", "cop.example.go.th"]
    settings.CSRF_TRUSTED_ORIGINS = ["https://*.moi.go.th"]
    assert submit(survey, HTTP_ORIGIN="http://testserver").status_code == 201  # the request's host
    assert submit(survey, HTTP_ORIGIN="https://cop.example.go.th").status_code == 201  # SITE_URL
    assert submit(survey, HTTP_ORIGIN="https://km.moi.go.th").status_code == 201  # trusted
    assert submit(survey, HTTP_ORIGIN="https://moi.go.th.evil.example").status_code == 403
    assert Response.objects.count() == 3


def test_a_token_client_without_origin_keeps_working_on_any_endpoint(member, survey):
    secret = token_create(user=member, name="kiosk")[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    body = json.dumps({"client_id": str(uuid.uuid4()), "answers": all_likert()})
    url = f"/api/v1/s/{survey.token}/responses"
    assert client.post(url, body, content_type="application/json").status_code == 201
    assert client.post(url, body, content_type="application/json; charset=utf-8").status_code == 200
    # The guard is the API's, not the survey endpoint's: an authenticated endpoint too.
    refused = client.post(
        "/api/v1/knowledge/communities", "name=x", content_type="application/x-www-form-urlencoded"
    )
    assert error_of(refused, 415)["code"] == "unsupported_media_type"
    foreign = client.post(
        "/api/v1/knowledge/communities", "{}", content_type="application/json",
        HTTP_ORIGIN="https://evil.example",
    )  # fmt: skip
    assert error_of(foreign, 403)["code"] == "cross_site_request"


def test_reads_and_bodiless_writes_are_left_alone(survey):
    assert (
        Client().get(f"/api/v1/s/{survey.token}", HTTP_ORIGIN="https://evil.example").status_code
        == 200
    )
    # A POST with no body needs no content type (it still meets each endpoint's own rules).
    bare = Client().generic("POST", f"/api/v1/s/{survey.token}/responses")
    assert bare.status_code == 400 and bare.json()["code"] == "invalid_answers"


def test_the_pages_and_their_forms_are_not_the_apis_business(survey):
    """The guard is for /api/: the respondent's form posts form data, as it must."""
    phone = Client()
    phone.get(f"/s/{survey.token}")
    answers = {f"q{i}": "5" for i in range(1, 10)}
    assert phone.post(f"/s/{survey.token}", answers).status_code == 302


# --- limits ---------------------------------------------------------------------------
def test_a_fresh_client_id_per_request_is_stopped_by_the_address_limit_on_the_api(survey, settings):
    settings.SURVEY_RATE_PER_ADDRESS = 5
    statuses = [submit(survey, REMOTE_ADDR="203.0.113.9").status_code for _ in range(7)]
    assert statuses == [201] * 5 + [429, 429]
    assert submit(survey, REMOTE_ADDR="203.0.113.10").status_code == 201  # someone else
    assert Response.objects.count() == 6


def test_the_page_without_cookies_is_stopped_by_the_address_limit(survey, settings):
    """A script that drops every cookie and sends a new client_id each time."""
    settings.SURVEY_RATE_PER_ADDRESS = 4
    answers = {f"q{i}": "1" for i in range(1, 10)}
    statuses = [
        Client(REMOTE_ADDR="203.0.113.7")
        .post(f"/s/{survey.token}", {**answers, "client_id": str(uuid.uuid4())})
        .status_code
        for _ in range(6)
    ]
    assert statuses == [302] * 4 + [429, 429]
    assert Response.objects.count() == 4


@pytest.fixture
def shared_redis():
    """The default cache on this worker's Redis database, empty before and after."""
    with override_settings(CACHES=redis_cache(REDIS_URL)):
        cache.clear()
        yield redis.Redis.from_url(REDIS_URL)
        cache.clear()


def _children(code: str, n: int = 2) -> list[int]:
    env = {"REDIS_URL": REDIS_URL, "SURVEY_RATE_PER_DEVICE": "10", "SURVEY_RATE_PER_ADDRESS": "12"}
    children = [python(code, env=env, wait=False) for _ in range(n)]
    counts = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        counts.append(int(out))
    return counts


def test_two_processes_count_one_device_and_one_address_in_redis(shared_redis, survey):
    """Each server process used to count in its own memory: two gunicorn workers let
    twice the limit through. Two real processes on Redis let exactly the limit through."""
    head = (
        "import django, uuid; django.setup()\n"
        "from cophub.surveys.clients import client_allowed\n"
        "from cophub.surveys.models import Survey\n"
        f"survey = Survey(pk={survey.pk})\n"
    )
    one_device = head + (
        "print(sum(client_allowed(survey, 'phone-1', f'10.0.0.{i}') for i in range(9)))\n"
    )
    per_device = _children(one_device)
    assert sum(per_device) == 10 and min(per_device) >= 1  # 18 tries, one limit of 10
    fresh_devices = head + (
        "print(sum(client_allowed(survey, uuid.uuid4().hex, '198.51.100.1') for _ in range(9)))\n"
    )
    per_address = _children(fresh_devices)
    assert sum(per_address) == 12  # a new device each time escapes nothing: one address limit
    assert shared_redis.keys(f"cophub:1:rl:s:{survey.pk}:a:198.51.100.1:*")


def test_the_api_counts_in_the_shared_cache(shared_redis, survey, settings):
    settings.SURVEY_RATE_PER_ADDRESS = 3
    statuses = [submit(survey, REMOTE_ADDR="192.0.2.5").status_code for _ in range(4)]
    assert statuses == [201, 201, 201, 429]
    assert shared_redis.keys(f"cophub:1:rl:s:{survey.pk}:a:192.0.2.5:*")
