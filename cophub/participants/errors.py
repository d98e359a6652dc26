"""The participants app's error codes, registered by ``CoreConfig.ready``.

Check-in outcomes are not errors: a refused scan is an answer with a reason code
(``services.checkin.REASONS``), stored with the scan.
"""

from django.utils.translation import gettext_lazy as _

from cophub.core.errors import ErrorType

ERRORS = (
    # --- registration ---------------------------------------------------------------
    ErrorType("registration_closed", _("Registration for this activity is closed."), 409),
    ErrorType(
        "registration_not_open_yet", _("Registration opens on %(opens)s."), 409
    ),
    ErrorType(
        "registration_ended", _("Registration closed on %(closes)s."), 409
    ),
    ErrorType(
        "registration_by_nomination",
        _("This activity takes participants by nomination only. Ask your organisation's coordinator."),
        403,
    ),
    ErrorType(
        "registration_target_only",
        _("This activity is for staff of its target organisations only."),
        403,
    ),
    ErrorType("already_registered", _("%(name)s is already registered for this activity."), 409),
    ErrorType(
        "quota_full",
        _("%(organization)s has used all %(seats)s of its seats for this activity."),
        409,
    ),
    ErrorType(
        "cancel_too_late", _("The activity has started; a registration can no longer be cancelled."), 409
    ),
    ErrorType(
        "no_organization",
        _("Tell us your organisation first: it decides whether you may register."),
        400,
    ),
    ErrorType("not_your_organization", _("%(name)s is not on the staff of an organisation you coordinate."), 403),
    ErrorType("invalid_status", _("Choose one of the statuses offered."), 400),
    ErrorType("invalid_policy", _("Some registration settings need attention."), 400),
    # --- check-in -------------------------------------------------------------------
    ErrorType("nonce_reused", _("This scan id was already used for another code."), 409),
    # --- participant lists ------------------------------------------------------------
    # (the import helper adds its codes below this line)
)
