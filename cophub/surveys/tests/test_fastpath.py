"""The submission's short path (api_submit.SubmissionMiddleware): answered before
sessions, users, messages and ninja, in one statement, with every guarantee kept."""

import json
import uuid

import pytest
from django.test import Client

from cophub.surveys import selectors
from cophub.surveys.models import Response
from cophub.testing import all_likert

pytestmark = pytest.mark.django_db


def post(client, survey, body, **headers):
    return client.post(
        f"/api/v1/s/{survey.token}/responses", json.dumps(body), content_type="application/json",
        **headers,
    )  # fmt: skip


def test_a_new_answer_is_one_statement_and_touches_no_session_or_user(
    survey, django_assert_num_queries
):
    client = Client()
    selectors.forget_all()
    post(client, survey, {"client_id": str(uuid.uuid4()), "answers": all_likert(4)})  # warm
    body = {"client_id": str(uuid.uuid4()), "answers": all_likert(5)}
    with django_assert_num_queries(1) as ctx:  # the INSERT … SELECT … RETURNING
        response = post(client, survey, body)
    assert response.status_code == 201
    assert ctx.captured_queries[0]["sql"].startswith("INSERT INTO")
    request = response.wsgi_request
    # Neither the session nor the user middleware ran; no cookie is set or read.
    assert not hasattr(request, "session") and not hasattr(request, "user")
    assert not hasattr(request, "_messages") and not response.cookies
    assert response.resolver_match.view_name == "api:response_submit"
    assert response.json() == {
        "id": Response.objects.latest("pk").pk, "client_id": body["client_id"], "version": 1,
    }  # fmt: skip
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["X-Frame-Options"] == "DENY" and "Content-Security-Policy" in response


def test_a_replay_is_200_with_the_same_id_and_one_row(survey):
    body = {"client_id": str(uuid.uuid4()), "answers": all_likert(3)}
    first, again = post(Client(), survey, body), post(Client(), survey, body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert Response.objects.count() == 1


def test_refusals_are_in_the_callers_language_and_leave_it_behind(survey):
    from django.utils import translation

    before = translation.get_language()
    response = post(Client(), survey, {"client_id": "nope"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["errors"] == [{"path": "client_id", "message": "must be a UUID"}]
    assert response["Content-Language"] == "en"
    assert translation.get_language() == before
    thai = post(Client(), survey, {"client_id": "nope"}, HTTP_ACCEPT_LANGUAGE="th")
    assert thai.json()["detail"] != response.json()["detail"]


def test_the_write_guard_holds_on_the_short_path(survey):
    body = {"client_id": str(uuid.uuid4()), "answers": all_likert()}
    other_site = post(Client(), survey, body, HTTP_ORIGIN="https://evil.example")
    assert other_site.status_code == 403 and other_site.json()["code"] == "cross_site_request"
    plain = Client().post(
        f"/api/v1/s/{survey.token}/responses", json.dumps(body), content_type="text/plain"
    )
    assert plain.status_code == 415 and plain.json()["code"] == "unsupported_media_type"
    own = post(Client(), survey, body, HTTP_ORIGIN="http://testserver")
    assert own.status_code == 201
    assert Response.objects.count() == 1


def test_a_host_not_allowed_is_refused(survey):
    response = Client(raise_request_exception=False).post(
        f"/api/v1/s/{survey.token}/responses", "{}", content_type="application/json",
        HTTP_HOST="evil.example",
    )  # fmt: skip
    assert response.status_code == 400 and not Response.objects.exists()


def test_other_routes_and_methods_take_the_long_path(survey):
    read = Client().get(f"/api/v1/s/{survey.token}/responses")
    assert read.status_code == 405  # ninja's answer: only POST is declared
    nested = Client().post(
        f"/api/v1/s/{survey.token}/responses/x", "{}", content_type="application/json"
    )
    assert nested.status_code == 404 and nested.json()["code"] == "not_found"
