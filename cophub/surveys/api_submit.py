"""The public submission, ``POST /api/v1/s/{token}/responses``, answered on a short path.

A submission needs no session, no user, no messages and no URL resolution: it carries
its own identity (``client_id``) and is limited per device and per address in the shared
cache. So ``SubmissionMiddleware`` stands in settings.MIDDLEWARE right after the
security headers and answers this one route itself, before the session,
authentication, messages and log-in middleware and before django-ninja; every other
request passes through untouched. Profiles and figures: docs/benchmarks.md, "Surveys".

What the long path gave this route is kept, by running the same code:
- outside this middleware, as for every request: the request id and latency metric
  (ops), control characters refused (core), SecurityMiddleware and the CSP headers;
- inside it, in the long path's order: the host checked against ALLOWED_HOSTS (as
  CommonMiddleware does), the caller's language (Django's LocaleMiddleware), the API's
  write guard (another site's page, a body that is not JSON: core's
  ApiWriteGuardMiddleware), X-Frame-Options; then ``submit``, which the ninja route
  (api.py, also what the OpenAPI schema documents) calls too, so the rules live once.
Errors have the API's JSON shape and status (cophub/api.py's handlers, here by hand,
as an app may not import the API's wiring above it).
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from datetime import datetime

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.locale import LocaleMiddleware
from django.urls import ResolverMatch
from django.utils import translation
from django.utils.translation import gettext as _

from cophub.core.errors import DomainError, Problem
from cophub.core.middleware import ApiWriteGuardMiddleware
from cophub.core.ratelimit import client_address
from cophub.core.thai import thai_number
from cophub.ops.middleware import storage_failed
from cophub.surveys import clients, selectors
from cophub.surveys.services import survey_submit

ROUTE = re.compile(r"/api/v1/s/(?P<token>[^/]+)/responses")
JSON = "application/json; charset=utf-8"  # what ninja's renderer answers


def submit(request, token: str) -> tuple[int, dict]:
    """Check and store one submission; (201 or 200 for a replay, the answer's body).
    Raises DomainError for anything refused."""
    survey = selectors.submission_survey(token)
    if survey is None:
        raise DomainError("not_found")
    # Parsed here, not by a schema, so each bad field gets its own message in the caller's language.
    try:
        body = json.loads(request.body.decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        raise DomainError(
            "invalid_answers", problems=[Problem("", _("The request body is not valid JSON."))]
        ) from exc
    if not isinstance(body, dict):
        raise DomainError(
            "invalid_answers", problems=[Problem("", _("The request body must be a JSON object."))]
        )
    try:
        client_id = uuid.UUID(str(body.get("client_id", "")))
    except ValueError as exc:
        raise DomainError(
            "invalid_answers", problems=[Problem("client_id", _("must be a UUID"))]
        ) from exc
    made_at = _made_at(body.get("made_at"))
    # The phone's own cookie for this survey, as the form reads it (clients.remember_device
    # scopes a copy to this route): an answer sent later from the page's offline queue is
    # that device's answer, so an edit from the phone afterwards is an edit, not a second
    # response. Without one (an app, a kiosk) each client_id is its own response.
    device = clients.device_value(request) or clients.legacy_value(request)
    respondent = clients.respondent_for(survey, device) if device else None
    # A client that sends a new client_id every time escapes the per-device count; the
    # per-address count (in the shared cache) is what holds it back.
    rate_key = clients.rate_key(survey, device) if device else str(client_id)
    if not clients.client_allowed(survey, rate_key, client_address(request)):
        raise DomainError("rate_limited")
    response, created = survey_submit(
        survey=survey, client_id=client_id, answers=body.get("answers"), respondent=respondent,
        made_at=made_at,
    )  # fmt: skip
    payload = {
        "id": response.pk,
        "client_id": str(client_id),  # as sent: the table keeps it hashed with the survey
        "version": response.version.number,
    }
    return (201 if created else 200), payload


def _made_at(value) -> datetime | None:
    """``made_at``: when an offline phone made the answer (ISO 8601). A time that cannot
    be read is a 400; one the phone's clock got wrong is not (survey_submit drops it)."""
    if value is None:
        return None
    try:
        made = datetime.fromisoformat(str(value))
        if not 2000 <= made.year <= 2999:  # far-off years overflow when converted to UTC
            raise ValueError(value)
    except ValueError as exc:
        raise DomainError(
            "invalid_answers",
            problems=[Problem("made_at", _("must be a date and time (ISO 8601)"))],
        ) from exc
    return made


def error_response(error: DomainError) -> HttpResponse:
    """The API's error body (cophub/api.py, ``domain_error``)."""
    body = {"code": error.code, "detail": error.message}
    if error.problems:
        body["errors"] = [{"path": p.path, "message": p.message} for p in error.problems]
    return HttpResponse(json.dumps(body), content_type=JSON, status=error.status)


def answer(request) -> HttpResponse:
    """``submit`` with the API's exception handlers around it."""
    try:
        status, payload = submit(request, request.survey_token)
    except DomainError as error:
        return error_response(error)
    except RequestDataTooBig:
        limit = round(settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024, 1)
        return error_response(DomainError("request_too_large", {"limit": thai_number(limit)}))
    except (OperationalError, InterfaceError) as exc:
        logging.getLogger("cophub.api").warning("database unavailable: %s", exc.__class__.__name__)
        response = error_response(DomainError("unavailable"))
        response["Retry-After"] = "5"
        return response
    except OSError as exc:
        if not storage_failed(exc):
            raise
        logging.getLogger("cophub.api").warning("storage unavailable: errno %s", exc.errno)
        response = error_response(DomainError("storage_unavailable"))
        response["Retry-After"] = "60"
        return response
    return HttpResponse(json.dumps(payload), content_type=JSON, status=status)


# The metrics and the access log name the view as the long path resolved it.
_MATCH = ResolverMatch(
    answer, (), {}, url_name="response_submit", app_names=["api"], namespaces=["api"],
    route="api/v1/s/<token>/responses",
)  # fmt: skip


class SubmissionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # The long path's own middleware for what this route needs, in its order.
        self.short = LocaleMiddleware(ApiWriteGuardMiddleware(XFrameOptionsMiddleware(answer)))

    def __call__(self, request):
        if request.method != "POST" or (found := ROUTE.fullmatch(request.path_info)) is None:
            return self.get_response(request)
        request.get_host()  # DisallowedHost (400) for a host not allowed, as CommonMiddleware
        request.survey_token = found["token"]
        request.resolver_match = _MATCH
        # Leave no caller's language behind for the next request of this thread, whose
        # refusal (control characters) may be written before it picks its own.
        with translation.override(translation.get_language()):
            return self.short(request)
