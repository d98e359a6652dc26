"""The programs app's error codes, registered by ``CoreConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from cophub.core.errors import ErrorType

ERRORS = (
    ErrorType(
        "duplicate_activity_number",
        _("Activity number %(number)s is already used in this program."),
        400,
    ),
    ErrorType(
        "activities_outside_fiscal_year",
        _(
            "Activities %(numbers)s have dates outside fiscal year %(fy)s; change their dates first."
        ),
        400,
    ),
)
