"""What the programs app's services record in the audit trail."""

from django.utils.translation import gettext_lazy as _

from cophub.core.audit import ActionType

ACTIONS = (
    ActionType("program.created", _("Program created")),
    ActionType("program.updated", _("Program edited")),
    ActionType("program.deleted", _("Program deleted")),
    ActionType("program.imported", _("Program imported")),
    ActionType("activity.created", _("Activity created")),
    ActionType("activity.updated", _("Activity edited")),
    ActionType("activity.deleted", _("Activity deleted")),
    ActionType("registration.created", _("Participant registered")),
    ActionType("registration.updated", _("Registration edited")),
    ActionType("registration.deleted", _("Registration removed")),
    ActionType("program.member.added", _("Program team member added")),
    ActionType("program.member.removed", _("Program team member removed")),
)
