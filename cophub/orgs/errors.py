"""The orgs app's error codes (staff accounts), registered by ``CoreConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from cophub.core.errors import ErrorType

ERRORS = (
    ErrorType("username_taken", _("The user name %(username)s is taken."), 409),
    ErrorType("email_taken", _("Another account already uses %(email)s."), 409),
    ErrorType("invite_needs_email", _("An invitation needs an e-mail address."), 400),
    ErrorType(
        "cannot_demote_self",
        _("You cannot deactivate your own account or change your own role."),
        409,
    ),
)
