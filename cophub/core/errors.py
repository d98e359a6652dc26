"""Domain errors carry a code; each app declares its codes once, with message and status.

Like pretix's ``CheckInError`` and saleor's error-code enums: services raise
``DomainError(code, params)`` and never format user-facing text themselves, so the same
error reads right in Thai on a page, in English in the API, and on the command line.

Each app lists its codes in ``<app>/errors.py`` as ``ERRORS``; ``CoreConfig.ready``
registers every app's list. A code nobody declared is refused when raised, so a typo
fails in the first test that reaches it instead of showing the code as the message.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ErrorType:
    """One error code: its message (a gettext string, %-formatted with the params) and
    the HTTP status the API answers with."""

    code: str
    message: Promise
    status: int


REGISTRY: dict[str, ErrorType] = {}


class UnknownErrorCode(LookupError):
    """A DomainError was raised with a code no app declared: a programming error."""


def register_errors(types) -> None:
    for error in types:
        known = REGISTRY.get(error.code)
        if known is not None and known != error:
            raise ValueError(f"error code {error.code!r} is declared twice, differently")
        REGISTRY[error.code] = error


def error_type(code: str) -> ErrorType:
    try:
        return REGISTRY[code]
    except KeyError:
        raise UnknownErrorCode(
            f"error code {code!r} is not declared in any app's errors.py"
        ) from None


# The generic codes, used by every app.
ERRORS = (
    ErrorType("permission_denied", _("You do not have permission to do this."), 403),
    ErrorType("not_found", _("Not found."), 404),
    ErrorType("unauthenticated", _("Log in or send a valid API token."), 401),
    ErrorType("invalid_document", _("The document has problems; nothing was saved."), 400),
    ErrorType("bad_characters", _("The address holds characters that are not allowed."), 400),
    ErrorType(
        "unavailable",
        _("The service cannot reach its database just now. Please try again in a moment."),
        503,
    ),
    # The API's own checks of a request against its schema (ninja's, not a service's).
    ErrorType("invalid_request", _("The request does not fit the API; nothing was done."), 422),
    ErrorType("unreadable_request", _("The request body is not valid JSON."), 400),
    ErrorType(
        "method_not_allowed",
        _("This address does not take a %(method)s request; it takes %(allowed)s."),
        405,
    ),
    ErrorType(
        "request_too_large",
        _("The request is larger than the server accepts (%(limit)s MB); nothing was done."),
        413,
    ),
    ErrorType(
        "storage_unavailable",
        _(
            "The server cannot save just now: its storage is full or read-only. Please try again later."
        ),
        503,
    ),
    ErrorType(
        "rate_limited",
        _("Too many submissions in a short time. Please wait a moment and try again."),
        429,
    ),
    # The API's guard against writes from other sites' pages (core/middleware.py).
    ErrorType(
        "unsupported_media_type",
        _("Send the request body as JSON (Content-Type: application/json)."),
        415,
    ),
    ErrorType(
        "cross_site_request",
        _("Requests from another site's pages are not accepted."),
        403,
    ),
)


@dataclass
class Problem:
    """One problem in an input document: where it is and what is wrong."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


@dataclass
class DomainError(Exception):
    code: str
    params: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.type = error_type(self.code)
        super().__init__(self.code)

    @property
    def status(self) -> int:
        return self.type.status

    @property
    def message(self) -> str:
        template = str(self.type.message)
        return template % self.params if self.params else template

    def __str__(self) -> str:
        return "\n".join([self.message, *(f"  - {p}" for p in self.problems)])
