"""The JSON API under /api/v1/ (django-ninja); each app adds its router here."""

import functools
import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponseNotAllowed
from django.urls import URLPattern
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from cophub.accounts.api import api_auth
from cophub.core.errors import DomainError, Problem
from cophub.core.thai import thai_number
from cophub.ops.middleware import storage_failed

# What any operation may answer, whatever its view: the middleware refuses a control
# character or an unreadable body (400), a body over the limit (413) or not JSON (415), a
# write from another site's page (403), a database or disk that cannot be written (503); a
# view with a path parameter answers 404 for an id it does not know, one with parameters or
# a body 422 for values that do not fit. Declared on every operation that can give them,
# so a client (and schemathesis) sees the real set.
_SITE_ANSWERS = {
    "400": "Bad characters or an unreadable request",
    "503": "The database or the disk cannot be written now; try again after Retry-After",
}
_PATH_ANSWERS = {"404": "No such object (or not one the caller may see)"}
_PARAMETER_ANSWERS = {"422": "A parameter or the body does not fit the schema"}
_BODY_ANSWERS = {
    "403": "Sent from another site's page (core.middleware.ApiWriteGuardMiddleware)",
    "413": "The body is over the size limit",
    "415": "The body is not JSON",
}
_AUTH_ANSWERS = {"401": "No valid token or session", "403": "Not allowed to the caller"}


def _declare_site_answers(schema: dict) -> dict:
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            answers = dict(_SITE_ANSWERS)
            parameters = operation.get("parameters", [])
            if any(p.get("in") == "path" for p in parameters):
                answers.update(_PATH_ANSWERS)
            if parameters or "requestBody" in operation:
                answers.update(_PARAMETER_ANSWERS)
            if "requestBody" in operation:
                answers.update(_BODY_ANSWERS)
            if operation.get("security"):
                answers.update(_AUTH_ANSWERS)
            responses = operation.setdefault("responses", {})
            for status, description in answers.items():
                responses.setdefault(status, {"description": description, "content": error})
    return schema


class CopHubAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return _declare_site_answers(schema)

    def validation_error_from_error_contexts(self, error_contexts):
        """Ninja locates an error in a lone body schema under the view's parameter name,
        ("body", "payload", "format"), but the client sent {"format": …}: drop the name,
        so the path is one the client can find in what it sent."""
        exc = super().validation_error_from_error_contexts(error_contexts)
        errors = iter(exc.errors)
        for context in error_contexts:
            single = getattr(context.model, "__read_from_single_attr__", None)
            for _ in context.pydantic_validation_error.errors(include_url=False):
                error = next(errors)
                loc = tuple(error["loc"])
                if single and loc[1:2] == (single,):
                    error["loc"] = (loc[0], *loc[2:])
        return exc


api = CopHubAPI(
    title="CoP Hub API",
    version="1",
    description="Programs, activities and participants of Communities of Practice.",
    auth=api_auth,
    urls_namespace="api",
    docs_url=None,  # the interactive docs load Swagger UI from a CDN; ministry networks may be closed
)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    # The status is declared with the code, in the raising app's errors.py.
    body = {"code": exc.code, "detail": exc.message}
    if exc.problems:
        body["errors"] = [{"path": p.path, "message": p.message} for p in exc.problems]
    return api.create_response(request, body, status=exc.status)


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def database_unavailable(request, exc):
    """The database is restarting or unreachable: 503 with Retry-After, so a client (or
    the proxy) tries again instead of treating it as our bug. Nothing was half-written:
    each write is one transaction."""
    logging.getLogger("cophub.api").warning("database unavailable: %s", exc.__class__.__name__)
    response = domain_error(request, DomainError("unavailable"))
    response["Retry-After"] = "5"
    return response


@api.exception_handler(RequestDataTooBig)
def too_large(request, exc):
    """Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE when it is read: JSON, 413."""
    limit = round(settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024, 1)
    return domain_error(request, DomainError("request_too_large", {"limit": thai_number(limit)}))


@api.exception_handler(OSError)
def storage_unavailable(request, exc: OSError):
    """A full disk or a read-only data directory is the server's state, not a bug: 503."""
    if not storage_failed(exc):
        raise exc
    logging.getLogger("cophub.api").warning("storage unavailable: errno %s", exc.errno)
    response = domain_error(request, DomainError("storage_unavailable"))
    response["Retry-After"] = "60"
    return response


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return domain_error(request, DomainError("unauthenticated"))


def _path(loc) -> str:
    """("body", "activities", 0, "kind") → "activities[0].kind", the paths our own
    validation reports; the first part is only where ninja read it from."""
    out = ""
    for part in loc[1:]:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@api.exception_handler(ValidationError)
def invalid_request(request, exc: ValidationError):
    problems = [Problem(_path(e.get("loc", ())), str(e.get("msg", ""))) for e in exc.errors]
    return domain_error(request, DomainError("invalid_request", problems=problems))


def _ninja_error(status: int) -> DomainError | None:
    """Ninja's own HttpErrors: a body it cannot parse (400), a failed CSRF check of a
    session call (403), throttling (429). Each gets its declared code and shape."""
    match status:
        case 400:
            return DomainError("unreadable_request")
        case 401:
            return DomainError("unauthenticated")
        case 403:
            return DomainError("permission_denied")
        case 404:
            return DomainError("not_found")
        case 429:
            return DomainError("rate_limited")
    return None


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    error = _ninja_error(exc.status_code)
    if error is None:
        # Ninja raises no other status today; should it, keep the shape and its status.
        body = {"code": "invalid_request", "detail": str(exc)}
        return api.create_response(request, body, status=exc.status_code)
    return domain_error(request, error)


@api.exception_handler(Http404)
def not_found(request, exc):
    # get_object_or_404 in an API view: the same answer as DomainError("not_found").
    return domain_error(request, DomainError("not_found"))


def _json_not_allowed(view):
    """Ninja answers a method an address does not take with a plain-text "Method not
    allowed" (an HttpResponseNotAllowed, and no hook to word it): the API's JSON error,
    in the caller's language, instead, the methods in a fixed order."""

    @functools.wraps(view)  # keeps ninja's csrf_exempt
    def answer(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if not isinstance(response, HttpResponseNotAllowed):
            return response
        allowed = ", ".join(sorted(m.strip() for m in response["Allow"].split(",")))
        error = DomainError("method_not_allowed", {"method": request.method, "allowed": allowed})
        refusal = domain_error(request, error)
        refusal["Allow"] = allowed
        return refusal

    return answer


def urls():
    """``api.urls`` for the URL configuration, each operation's view answering 405 in JSON."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = _json_not_allowed(pattern.callback)
    return patterns, app_name, namespace


@csrf_exempt  # it writes nothing; a refused CSRF check would answer HTML
@login_not_required
def unknown_path(request):
    """Under /api/ a path no operation has (or an id its pattern refuses, such as -1) is
    the API's JSON 404, not the site's HTML page."""
    return domain_error(request, DomainError("not_found"))


def _add_routers() -> None:
    from cophub.programs.api import router as programs

    api.add_router("/programs", programs, tags=["programs"])
    from cophub.knowledge.api import router as knowledge

    api.add_router("/knowledge", knowledge, tags=["knowledge"])
    from cophub.search.api import router as search

    api.add_router("/search", search, tags=["search"])

    from cophub.surveys.api import router as surveys

    api.add_router("", surveys, tags=["surveys"])
    from cophub.reports.api import router as reports

    api.add_router("", reports, tags=["reports"])
    from cophub.jobs.api import router as jobs

    api.add_router("/jobs", jobs, tags=["jobs"])
    from cophub.participants.api import router as participants

    api.add_router("", participants, tags=["participants"])
    from cophub.dashboard.api import router as dashboard

    api.add_router("", dashboard, tags=["dashboard"])
    from cophub.certificates.api import router as certificates

    api.add_router("", certificates, tags=["certificates"])
    from cophub.followups.api import router as followups

    api.add_router("", followups, tags=["followups"])
    from cophub.kmplan.api import router as kmplan

    api.add_router("", kmplan, tags=["kmplan"])


_add_routers()
