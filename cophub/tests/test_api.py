"""The API's own wiring (cophub/api.py): paths no operation has, and the answers every
operation declares."""

import json

import pytest

from cophub.api import api

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/api/v1/programs/-1"), ("get", "/api/v1/no-such-thing"), ("get", "/api/v2/"),
     ("post", "/api/v1/knowledge/communities/-5/join")],
)  # fmt: skip
def test_a_path_no_operation_has_is_the_apis_json_404(organiser_client, method, path):
    # A logged-in browser (session and CSRF cookies) too: not the HTML CSRF page.
    response = getattr(organiser_client, method)(path, content_type="application/json")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["code"] == "not_found"


def test_every_operation_declares_what_the_site_may_answer():
    schema = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))
    program = schema["paths"]["/api/v1/programs/{program_id}"]["get"]["responses"]
    assert {"400", "401", "403", "404", "422", "503"} <= set(program)
    assert program["404"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    checkin = schema["paths"]["/api/v1/checkins"]["post"]["responses"]
    assert {"413", "422"} <= set(checkin)
    survey = schema["paths"]["/api/v1/s/{token}"]["get"]["responses"]
    assert "401" not in survey  # public: no token, so no 401
