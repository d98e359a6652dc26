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
    ErrorType("team_user_unknown", _("No active user has the user name %(username)s."), 400),
    ErrorType("team_member_exists", _("%(name)s is already on the program team."), 409),
    ErrorType("team_role_invalid", _("Choose facilitator or co-organiser."), 400),
    # Issued certificates and survey answers are kept (PROTECT in their apps).
    ErrorType(
        "delete_kept_records",
        _("%(name)s cannot be deleted: it holds %(kept)s, which must be kept."),
        409,
    ),
    ErrorType(
        "team_owner", _("%(name)s owns the program; the owner is not added to the team."), 400
    ),
)
