"""What the accounts app's services record in the audit trail."""

from django.utils.translation import gettext_lazy as _

from cophub.core.audit import ActionType

ACTIONS = (
    ActionType("api_token.created", _("API token created")),
    ActionType("api_token.revoked", _("API token revoked")),
)
