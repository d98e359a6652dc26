"""Every log line of a request carries its id; the id comes back in X-Request-ID."""

import io
import json
import logging
import re

import pytest
from django.test import Client

from cophub.ops.context import bound_request_id, current_request_id
from cophub.ops.tests.ops_helpers import python

pytestmark = pytest.mark.django_db


@pytest.fixture
def console():
    """The configured console handler, its output captured (formatter and filter unchanged)."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    try:
        yield buffer
    finally:
        handler.setStream(previous)


def test_a_sane_incoming_id_is_kept(stranger_client):
    response = stranger_client.get("/healthz", HTTP_X_REQUEST_ID="edge-7f3a.41:9")
    assert response["X-Request-ID"] == "edge-7f3a.41:9"


@pytest.mark.parametrize(
    "incoming",
    ["x" * 129, "short", "has space in it", "line\r\nX-Injected: 1", "ไทยไทยไทยไทย", "a/b/c/d/e/f"],
)
def test_an_unsafe_incoming_id_is_replaced(stranger_client, incoming):
    response = stranger_client.get("/healthz", HTTP_X_REQUEST_ID=incoming)
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_each_request_gets_its_own_id(stranger_client):
    ids = {stranger_client.get("/healthz")["X-Request-ID"] for _ in range(3)}
    assert len(ids) == 3


def test_log_lines_of_a_request_carry_its_id(console):
    client = Client()
    # A 404 raised inside the view chain, logged while the id is bound...
    raised = client.get("/no-such-page", HTTP_X_REQUEST_ID="req-raised-0001")
    # ...and a 404 returned by a view, which Django logs after the middleware is done.
    returned = client.get(
        "/metrics", REMOTE_ADDR="203.0.113.7", HTTP_X_REQUEST_ID="req-returned-02"
    )
    assert raised.status_code == returned.status_code == 404
    lines = console.getvalue().splitlines()
    assert any("[req-raised-0001]" in x and "Not Found: /no-such-page" in x for x in lines), lines
    assert any("[req-returned-02]" in x and "Not Found: /metrics" in x for x in lines), lines


def test_outside_a_request_the_id_is_a_dash(console):
    logging.getLogger("cophub.ops").warning("no request here")
    assert "[-] no request here" in console.getvalue()


def test_bound_request_id_nests_and_restores():
    assert current_request_id() is None
    with bound_request_id("outer-request"):
        with bound_request_id("job-started-by-it"):
            assert current_request_id() == "job-started-by-it"
        assert current_request_id() == "outer-request"
    assert current_request_id() is None


def test_production_format_is_one_json_object_a_line():
    code = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "r = Client().get('/no-such-page', HTTP_X_REQUEST_ID='json-line-0001')\n"
        "assert r.status_code == 404\n"
    )
    done = python(code, env={"LOG_FORMAT": "json", "ALLOWED_HOSTS": "testserver"})
    records = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    record = next(r for r in records if r.get("message") == "Not Found: /no-such-page")
    assert record["request_id"] == "json-line-0001"
    assert record["level"] == "WARNING" and record["logger"] == "django.request"
    assert record["status_code"] == 404 and "time" in record
    assert "request" not in record


def test_an_overlong_request_id_is_replaced_and_a_job_started_with_it_is_fine(
    member, member_client, demo_program
):
    """A client's X-Request-ID longer than a job can keep is not taken (no 500 on PostgreSQL)."""
    from cophub.jobs.models import Job

    response = member_client.post(
        f"/api/v1/programs/{demo_program.pk}/report-jobs", {"format": "html"},
        content_type="application/json", HTTP_X_REQUEST_ID="a" * 100,
    )  # fmt: skip
    assert response.status_code == 202
    rid = response["X-Request-ID"]
    assert rid != "a" * 100 and len(rid) <= 64
    assert Job.objects.get().request_id == rid
    kept = member_client.get("/healthz", HTTP_X_REQUEST_ID="b" * 64)
    assert kept["X-Request-ID"] == "b" * 64
