import json

import pytest
from django.test import Client

from cophub.accounts.services import token_create
from cophub.programs.models import Program
from cophub.testing import demo_document

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    _token, secret = token_create(user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_openapi_schema_lists_the_program_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/programs", "/api/v1/programs/{program_id}", "/api/v1/programs/import"} <= set(
        schema["paths"]
    )
    body = schema["paths"]["/api/v1/programs/import"]["post"]["requestBody"]
    assert "application/json" in body["content"]


def test_no_credentials_is_401_in_json(client, demo_program):
    for url in ["/api/v1/programs", f"/api/v1/programs/{demo_program.pk}"]:
        response = client.get(url)
        assert response.status_code == 401
        assert response.json()["code"] == "unauthenticated"
    assert client.get("/api/v1/programs", HTTP_AUTHORIZATION="Bearer cph_wrong").status_code == 401


def test_list_and_read_with_a_token(member, demo_program):
    client = Client(**bearer(member))
    listed = client.get("/api/v1/programs").json()
    assert listed == [
        {"id": demo_program.pk, "title": demo_program.title, "organization": "สำนักงานปลัดกระทรวงมหาดไทย",
         "fiscal_year": 2561, "activities": 2, "url": f"/programs/{demo_program.pk}/"}
    ]  # fmt: skip
    assert client.get("/api/v1/programs?fiscal_year=2562").json() == []
    document = client.get(f"/api/v1/programs/{demo_program.pk}").json()
    assert document.pop("id") == demo_program.pk
    ids = [a.pop("id") for a in document["activities"]]  # for /api/v1/activities/{id}/…
    assert ids == list(demo_program.activities.order_by("number").values_list("pk", flat=True))
    assert document == demo_document()
    assert client.get("/api/v1/programs/999").status_code == 404


def test_session_auth_works_for_reads(member_client, demo_program):
    assert member_client.get("/api/v1/programs").status_code == 200


def test_organiser_imports_with_a_token(organiser):
    client = Client(**bearer(organiser))
    response = client.post(
        "/api/v1/programs/import", json.dumps(demo_document()), content_type="application/json"
    )
    assert response.status_code == 201
    program = Program.objects.get(pk=response.json()["id"])
    assert program.owner == organiser


def test_an_import_with_a_district_not_in_its_province_is_400(organiser):
    document = demo_document()
    document["activities"][0]["sites"][0]["district"] = "ปากเกร็ด"  # นนทบุรี's, not อยุธยา's
    response = Client(**bearer(organiser)).post(
        "/api/v1/programs/import", json.dumps(document), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"path": "activities[0].sites[0].district",
         "message": "พระนครศรีอยุธยาไม่มีอำเภอปากเกร็ด"},
    ]  # fmt: skip
    assert not Program.objects.exists()


def test_member_cannot_import(member):
    client = Client(**bearer(member))
    response = client.post(
        "/api/v1/programs/import", json.dumps(demo_document()), content_type="application/json"
    )
    assert response.status_code == 403
    assert not Program.objects.exists()


def test_bad_documents_are_400_with_paths(organiser):
    client = Client(**bearer(organiser), HTTP_ACCEPT_LANGUAGE="en")
    bad = demo_document()
    bad["activities"][0]["kind"] = "picnic"
    response = client.post(
        "/api/v1/programs/import", json.dumps(bad), content_type="application/json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_document"
    assert body["errors"][0]["path"] == "activities[0].kind"
    response = client.post("/api/v1/programs/import", "{oops", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "The request body is not valid JSON."
    response = client.post("/api/v1/programs/import", b"\xff\xfe", content_type="application/json")
    assert response.status_code == 400
    assert not Program.objects.exists()


def test_errors_follow_accept_language(organiser):
    client = Client(**bearer(organiser))
    response = client.post("/api/v1/programs/import", "{}", content_type="application/json")
    assert response.status_code == 400
    assert {"path": "title", "message": "ต้องระบุ"} in response.json()["errors"]


def test_session_import_needs_csrf(organiser):
    client = Client(enforce_csrf_checks=True)
    client.force_login(organiser)
    response = client.post(
        "/api/v1/programs/import", json.dumps(demo_document()), content_type="application/json"
    )
    assert response.status_code in (401, 403)
    assert not Program.objects.exists()


def test_program_list_api_query_count_is_exact_and_does_not_grow(
    organiser, organiser_client, demo_program
):
    from cophub.testing import ProgramFactory, count_queries, grow_program

    small = count_queries(lambda: organiser_client.get("/api/v1/programs"))
    grow_program(demo_program, organiser, activities=3, responses=2)
    for fy in (2567, 2568):
        ProgramFactory(owner=organiser, fiscal_year=fy)
    assert (
        small == count_queries(lambda: organiser_client.get("/api/v1/programs")) == API_LIST_QUERIES
    )


API_LIST_QUERIES = 3
