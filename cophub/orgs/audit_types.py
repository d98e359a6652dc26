"""What is recorded about people and staff accounts."""

from django.utils.translation import gettext_lazy as _

from cophub.core.audit import ActionType

ACTIONS = (
    ActionType("person.created", _("Person added")),
    ActionType("staff.created", _("Staff account created")),
    ActionType("staff.updated", _("Staff account edited")),
    ActionType("staff.invited", _("Invitation sent")),
    ActionType("staff.deactivated", _("Staff account deactivated")),
    ActionType("staff.reactivated", _("Staff account reactivated")),
    ActionType("staff.imported", _("Staff accounts imported from a list")),
)
