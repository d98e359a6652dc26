"""The outbox's error codes, registered by ``CoreConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from cophub.core.errors import ErrorType

ERRORS = (
    ErrorType("outbox_no_recipients", _("An e-mail needs at least one recipient."), 400),
    ErrorType("outbox_bad_address", _("“%(address)s” is not an e-mail address."), 400),
    ErrorType("outbox_bad_header", _("E-mail subjects and headers must be a single line."), 400),
    ErrorType(
        "outbox_not_failed", _("E-mail #%(id)s has not failed, so it cannot be retried."), 409
    ),
)
