"""Every API error has one shape, `core.schemas.Error`: ninja's own refusals included
(a query or body that does not fit the schema, a body that is not JSON, a failed CSRF
check, get_object_or_404), not only the services' DomainErrors."""

import json

import pytest
from django.test import Client

from cophub.accounts.services import token_create
from cophub.api import _path
from cophub.core.schemas import Error

pytestmark = pytest.mark.django_db


def error_of(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) <= {"code", "detail", "errors"}
    Error.model_validate(body)  # the declared schema, strictly
    return body


@pytest.fixture
def bearer(member):
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=member, name='t')[1]}"}


def test_a_query_that_does_not_fit_is_422_with_a_path_per_problem(client, bearer):
    response = client.get("/api/v1/programs?fiscal_year=abc", HTTP_ACCEPT_LANGUAGE="en", **bearer)
    assert error_of(response, 422) == {
        "code": "invalid_request",
        "detail": "The request does not fit the API; nothing was done.",
        "errors": [{
            "path": "fiscal_year",
            "message": "Input should be a valid integer, unable to parse string as an integer",
        }],
    }  # fmt: skip


def test_the_message_is_thai_by_default(client, bearer):
    body = error_of(client.get("/api/v1/programs?fiscal_year=abc", **bearer), 422)
    assert body["detail"] == "คำขอไม่ตรงตามรูปแบบของ API จึงไม่ได้ดำเนินการใด ๆ"


def test_a_body_that_is_not_json_is_400(client, bearer, demo_program):
    # Declared JSON but not JSON (a body not declared JSON at all is a 415: surveys'
    # test_stuffing.py).
    response = client.post(
        f"/api/v1/programs/{demo_program.pk}/report-jobs", "format=pdf",
        content_type="application/json", **bearer,
    )  # fmt: skip
    body = error_of(response, 400)
    assert body == {"code": "unreadable_request", "detail": "เนื้อหาคำขอไม่ใช่ JSON ที่ถูกต้อง"}


def test_get_object_or_404_in_the_api_is_the_declared_not_found(client, bearer, survey):
    for path in (
        "/api/v1/programs/999999",
        "/api/v1/s/no-such-token",
        "/api/v1/activities/999999/results",
    ):
        body = error_of(client.get(path, HTTP_ACCEPT_LANGUAGE="en", **bearer), 404)
        assert body == {"code": "not_found", "detail": "Not found."}, path


def test_the_public_survey_api_refuses_in_the_same_shape(survey):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    missing = client.post(
        "/api/v1/s/no-such-token/responses", json.dumps({}), content_type="application/json"
    )
    assert error_of(missing, 404)["code"] == "not_found"
    broken = client.post(
        f"/api/v1/s/{survey.token}/responses", "{oops", content_type="application/json"
    )
    body = error_of(broken, 400)
    assert body["code"] == "invalid_answers"
    assert body["errors"] == [{"path": "", "message": "The request body is not valid JSON."}]


def test_a_session_call_without_csrf_is_the_declared_403(member):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(member)
    response = client.post("/api/v1/programs/import", "{}", content_type="application/json")
    assert error_of(response, 403) == {
        "code": "permission_denied", "detail": "You do not have permission to do this.",
    }  # fmt: skip


def test_paths_read_like_the_ones_our_own_validation_reports():
    assert _path(("body", "activities", 0, "kind")) == "activities[0].kind"
    assert _path(("query", "fiscal_year")) == "fiscal_year"
    assert _path(("body",)) == ""
    assert _path(("body", 3)) == "[3]"


def test_a_method_an_address_does_not_take_is_405_in_the_callers_language(client, bearer, survey):
    response = client.get("/api/v1/checkins", **bearer)
    assert error_of(response, 405) == {
        "code": "method_not_allowed",
        "detail": "URL นี้ไม่รองรับคำขอแบบ GET (รองรับเฉพาะ POST)",
    }
    assert response["Allow"] == "POST"
    public = Client().get(f"/api/v1/s/{survey.token}/responses", HTTP_ACCEPT_LANGUAGE="en")
    assert error_of(public, 405)["detail"] == (
        "This address does not take a GET request; it takes POST."
    )
