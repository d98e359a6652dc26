"""The JSON API against its own OpenAPI schema: schemathesis generates requests for each
operation from the schema and checks every answer: no 5xx, and the status code, content
type, headers and body are ones the schema declares. In process over WSGI, on the suite's
database, as an organiser with a token and as a caller with none. One test per operation,
so the suite's workers share them."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from cophub.accounts.services import token_create
from cophub.api import api

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]
EXAMPLES = {"organiser": 10, "anonymous": 3}
OPERATIONS = sorted(
    (path, method.upper())
    for path, methods in api.get_openapi_schema(path_prefix="/api/v1/")["paths"].items()
    for method in methods
)


@pytest.fixture
def app(db):
    # As Django's test client does: a request's end must not close the test's connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("identity", EXAMPLES)
@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_operation_answers_as_its_schema_says(app, organiser, survey, path, method, identity):
    headers = {}
    if identity == "organiser":
        headers["Authorization"] = f"Bearer {token_create(user=organiser)[1]}"
    operation = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)[path][method]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES[identity], deadline=None, database=None,
        suppress_health_check=list(HealthCheck),
    )  # fmt: skip
    def run(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()
