"""The certificates app's error codes, registered by ``CoreConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from cophub.core.errors import ErrorType

ERRORS = (
    ErrorType("certificate_revoked", _("This certificate has been revoked."), 409),
    ErrorType("certificate_reason_required", _("Give a reason."), 400),
    ErrorType(
        "certificate_not_registered",
        _("%(name)s is not registered for this activity."),
        409,
    ),
    ErrorType(
        "certificate_already_issued",
        _("%(name)s already has a certificate; revoke it instead."),
        409,
    ),
    ErrorType(
        "certificate_bad_image",
        _("The image must be a PNG or JPEG file of at most %(mb)s MB and %(px)s pixels a side."),
        400,
    ),
    ErrorType(
        "certificate_too_many_signatories", _("A certificate has at most three signatories."), 400
    ),
)
