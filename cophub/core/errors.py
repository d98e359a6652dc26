"""Domain errors carry a code; views and commands turn the code into a message.

Like pretix's ``CheckInError``: services raise ``DomainError(code, **params)``
and never format user-facing text themselves, so the same error reads right in
Thai on a page, in English in the API, and on the command line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "permission_denied": _("You do not have permission to do this."),
    "not_found": _("Not found."),
    "invalid_document": _("The document has problems; nothing was saved."),
    "duplicate_activity_number": _("Activity number %(number)s is already used in this program."),
    "unknown_organization": _("No organisation is named “%(name)s”."),
    "unknown_province": _("No province is named “%(name)s”."),
    "survey_exists": _("This activity already has a survey."),
    "survey_not_open": _("This survey is not open yet."),
    "survey_closed": _("This survey has closed. Thank you for your interest."),
    "survey_closes_before_opening": _("The closing time must be after the opening time."),
    "invalid_answers": _("Some answers need attention."),
    "survey_changed": _("The survey changed while you answered. Please reload it and try again."),
    "invalid_questions": _("Some questions need attention."),
    "rate_limited": _("Too many submissions in a short time. Please wait a moment and try again."),
    "activities_outside_fiscal_year": _(
        "Activities %(numbers)s have dates outside fiscal year %(fy)s; change their dates first."
    ),
}


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
        super().__init__(self.code)

    @property
    def message(self) -> str:
        template = MESSAGES.get(self.code, self.code)
        return str(template) % self.params if self.params else str(template)

    def __str__(self) -> str:
        return "\n".join([self.message, *(f"  - {p}" for p in self.problems)])
