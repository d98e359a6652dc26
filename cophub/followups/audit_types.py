"""What the followups app's services record in the audit trail."""

from django.utils.translation import gettext_lazy as _

from cophub.core.audit import ActionType

ACTIONS = (
    ActionType("followup.created", _("Follow-up survey set up")),
    ActionType("followup.updated", _("Follow-up survey edited")),
    ActionType("followup.closed", _("Follow-up survey closed")),
    ActionType("followup.sent", _("Follow-up invitations and reminders sent")),
    ActionType("followup.answered", _("Follow-up answered")),
    ActionType("followup.drafted", _("Knowledge item drafted from a follow-up answer")),
)
