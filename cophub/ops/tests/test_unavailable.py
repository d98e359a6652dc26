"""A database that cannot be reached is a 503 with Retry-After (JSON in the API, a page
elsewhere), never a 500 — so clients and the proxy retry, as they do while PostgreSQL
restarts (bench/multihost.py --pg-restart)."""

from __future__ import annotations

import json

from cophub.ops.tests.ops_helpers import python

# A SQLite file in a folder that does not exist: every query fails with OperationalError.
UNREACHABLE = {"DATABASE_URL": "sqlite:////nonexistent-cophub-folder/db.sqlite3", "ALLOWED_HOSTS": "testserver"}

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
