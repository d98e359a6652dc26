"""What the outbox's services record in the audit trail."""

from django.utils.translation import gettext_lazy as _

from cophub.core.audit import ActionType

ACTIONS = (
    ActionType("outbox.queue", _("E-mail queued")),
    ActionType("outbox.retry", _("Failed e-mail queued again")),
)
