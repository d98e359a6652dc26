"""The JSON API under /api/v1/ (django-ninja); each app adds its router here."""

import logging

from django.db import InterfaceError, OperationalError
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from cophub.accounts.api import api_auth
from cophub.core.errors import DomainError

api = NinjaAPI(
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


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return domain_error(request, DomainError("unauthenticated"))


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


_add_routers()
