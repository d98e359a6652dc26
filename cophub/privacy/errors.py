"""The privacy app's error codes, registered by ``CoreConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from cophub.core.errors import ErrorType

ERRORS = (
    ErrorType(
        "notice_published",
        _("A published privacy notice is never changed: write a new version instead."),
        409,
    ),
    ErrorType(
        "notice_incomplete",
        _("A privacy notice is published only when it is complete: fill in %(fields)s."),
        400,
    ),
    ErrorType(
        "notice_missing",
        _("No privacy notice is in force yet: a system administrator publishes one first."),
        409,
    ),
    ErrorType(
        "consent_not_needed",
        _("This purpose does not rest on consent, so there is nothing to give or withdraw."),
        400,
    ),
    ErrorType("consent_withdrawn_already", _("This consent was already withdrawn."), 409),
    ErrorType("consent_phone_needed", _("Type the mobile telephone you agree to give."), 400),
    ErrorType(
        "consent_contact_needed",
        _("A mobile number is kept only with your consent: tick the box or leave it empty."),
        400,
    ),
    ErrorType(
        "breach_found_before_it_happened",
        _("A breach cannot be found before it happened."),
        400,
    ),
    ErrorType(
        "breach_notified_before_found",
        _("Notification cannot come before the breach was found."),
        400,
    ),
    ErrorType(
        "import_people_not_informed",
        _("Confirm that the people on the list were told of the privacy notice."),
        400,
    ),
)
