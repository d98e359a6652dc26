"""One error registry: every code raised is declared once, with its message and status."""

import ast
import datetime as dt
import json

import pytest
from django.test import RequestFactory
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cophub.api import domain_error
from cophub.core.errors import (
    REGISTRY,
    DomainError,
    ErrorType,
    UnknownErrorCode,
    register_errors,
)
from cophub.core.tests.scan import calls, literals, strings
from cophub.surveys.models import Survey

# Codes built at the raise site: the template, and every code it can make.
F_STRING_CODES = {"survey_{state}": {"survey_not_open", "survey_closed"}}
# Codes that are neither: the expression, and why it can only hold a declared code.
DYNAMIC_CODES = {
    # A job's stored code was taken from a DomainError when the job failed.
    "job.error_code or 'job_failed'",
}


def _code_argument(call: ast.Call) -> ast.AST | None:
    if call.args:
        return call.args[0]
    return next((k.value for k in call.keywords if k.arg == "code"), None)


def test_every_raised_code_is_declared():
    undeclared, unexplained, templates = [], [], set()
    for where, call in calls("DomainError"):
        arg = _code_argument(call)
        if isinstance(arg, ast.Constant):
            codes = {arg.value}
        elif isinstance(arg, ast.JoinedStr):
            template = "".join(
                v.value if isinstance(v, ast.Constant) else "{" + ast.unparse(v.value) + "}"
                for v in arg.values
            )
            templates.add(template)
            codes = F_STRING_CODES.get(template, {template})
        else:
            codes = strings(arg) if arg is not None else set()
            if arg is None or ast.unparse(arg) not in DYNAMIC_CODES:
                unexplained.append(f"{where}: {ast.unparse(call)}")
        undeclared += [f"{where}: {code}" for code in codes if code not in REGISTRY]
    assert not undeclared, f"declare these in the app's errors.py: {undeclared}"
    assert not unexplained, f"pass a literal code (or explain it in DYNAMIC_CODES): {unexplained}"
    assert templates == set(F_STRING_CODES), "list each f-string code's values in F_STRING_CODES"


def test_the_survey_state_codes_are_the_states_a_submission_refuses():
    opens = timezone.now()
    survey = Survey(opens_at=opens, closes_at=opens + dt.timedelta(days=1), published_at=opens)
    refused = {
        survey.state(opens - dt.timedelta(hours=1)),
        survey.state(opens + dt.timedelta(days=2)),
    }
    assert {f"survey_{state}" for state in refused} == F_STRING_CODES["survey_{state}"]
    assert survey.state(opens + dt.timedelta(hours=1)) == "open"


def test_every_declared_code_is_used_somewhere():
    used = literals() | set().union(*F_STRING_CODES.values())
    assert sorted(set(REGISTRY) - used) == []


def test_an_undeclared_code_is_refused_when_raised():
    with pytest.raises(UnknownErrorCode, match="survey_clsoed"):
        DomainError("survey_clsoed")


def test_a_code_declared_twice_differently_is_refused():
    with pytest.raises(ValueError, match="not_found"):
        register_errors([ErrorType("not_found", _("Not found."), 400)])
    register_errors([REGISTRY["not_found"]])  # the same declaration again is harmless
    assert REGISTRY["not_found"].status == 404


def test_the_api_answers_each_code_with_its_declared_status():
    request = RequestFactory().get("/api/v1/")
    for code, error in REGISTRY.items():
        response = domain_error(request, DomainError(code, {}))
        assert response.status_code == error.status, code
    statuses = {code: e.status for code, e in REGISTRY.items()}
    assert (statuses["permission_denied"], statuses["not_found"], statuses["unauthenticated"]) == (
        403, 404, 401,
    )  # fmt: skip
    assert (statuses["survey_closed"], statuses["rate_limited"]) == (409, 429)


def test_the_api_error_body_carries_code_message_and_problems():
    from cophub.core.errors import Problem

    with translation.override("en"):
        response = domain_error(
            RequestFactory().get("/"),
            DomainError("invalid_document", problems=[Problem("title", "is required")]),
        )
    assert response.status_code == 400
    assert json.loads(response.content) == {
        "code": "invalid_document",
        "detail": "The document has problems; nothing was saved.",
        "errors": [{"path": "title", "message": "is required"}],
    }


def test_every_message_reads_in_thai():
    with translation.override("th"):
        english = [code for code, e in REGISTRY.items() if str(e.message) == e.message._args[0]]
    assert english == []


def test_a_message_takes_its_params():
    with translation.override("th"):
        message = DomainError("duplicate_activity_number", {"number": "๓"}).message
    assert message == "ครั้งที่ ๓ มีอยู่แล้วในโครงการนี้"
