"""A database that cannot be reached is a 503 with Retry-After (JSON in the API, a page
elsewhere), never a 500 — so clients and the proxy retry, as they do while PostgreSQL
restarts (bench/multihost.py --pg-restart)."""

from __future__ import annotations

import json

import pytest

from cophub.ops.tests.ops_helpers import python

# A SQLite file in a folder that does not exist: every query fails with OperationalError.
UNREACHABLE = {
    "DATABASE_URL": "sqlite:////nonexistent-cophub-folder/db.sqlite3",
    "ALLOWED_HOSTS": "testserver",
}

CHILD = """
import json, django
django.setup()
from django.test import Client
c = Client(raise_request_exception=False)
out = {}
for path in ("/api/v1/s/abcdefgh", "/s/abcdefgh"):
    r = c.get(path, HTTP_ACCEPT_LANGUAGE="th")
    out[path] = [r.status_code, r.get("Retry-After"), r.get("Content-Type"), r.content.decode()]
print(json.dumps(out))
"""


def test_unreachable_database_is_a_503_in_the_api_and_on_pages():
    done = python(CHILD, env=UNREACHABLE)
    out = json.loads(done.stdout.strip().splitlines()[-1])
    status, retry, ctype, body = out["/api/v1/s/abcdefgh"]
    assert (status, retry, ctype) == (503, "5", "application/json; charset=utf-8")
    assert json.loads(body) == {
        "code": "unavailable",
        "detail": "ระบบติดต่อฐานข้อมูลไม่ได้ในขณะนี้ โปรดลองใหม่อีกครั้งในอีกสักครู่",
    }
    status, retry, ctype, body = out["/s/abcdefgh"]
    assert (status, retry) == (503, "5") and ctype.startswith("text/html")
    assert "โปรดลองใหม่อีกครั้งในอีกสักครู่" in body and "Traceback" not in body


@pytest.mark.urls("cophub.ops.tests.full_disk_urls")
def test_a_full_disk_is_a_503_page_not_a_500(admin_client):
    admin_client.raise_request_exception = False
    response = admin_client.get("/full/")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "Traceback" not in response.content.decode()


def test_the_api_answers_a_full_disk_with_json_503():
    from django.test import RequestFactory

    from cophub.api import storage_unavailable

    try:
        with open("/dev/full", "wb") as f:
            f.write(b"x" * 8192)
            f.flush()
    except OSError as exc:
        error = exc
    response = storage_unavailable(RequestFactory().post("/api/v1/x"), error)
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert json.loads(response.content)["code"] == "storage_unavailable"


def test_an_api_body_over_the_limit_is_a_json_413(client, settings, survey):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    body = json.dumps({"client_id": "x", "answers": {"c": "ก" * (1024 * 1024)}})
    url = f"/api/v1/s/{survey.token}/responses"
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {
        "code": "request_too_large",
        "detail": "คำขอมีขนาดใหญ่เกินกว่าที่ระบบรับได้ (๑ MB) จึงไม่ได้ดำเนินการใด ๆ",
    }
