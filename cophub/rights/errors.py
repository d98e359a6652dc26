from django.utils.translation import gettext_lazy as _

from cophub.core.errors import ErrorType

ERRORS = (
    ErrorType("rights_already_erased", _("This person's data has already been erased."), 400),
    ErrorType(
        "rights_request_closed", _("This request has already been answered; nothing was done."), 400
    ),
    ErrorType("rights_wrong_kind", _("This request is not a request for erasure."), 400),
    ErrorType(
        "rights_request_pending",
        _("An erasure request for this person is already waiting (request #%(number)s)."),
        400,
    ),
    ErrorType("rights_reason_needed", _("Say why the request is refused."), 400),
    ErrorType(
        "rights_access_pending",
        _("A copy of this person's data is still being made (request #%(number)s)."),
        409,
    ),
)
