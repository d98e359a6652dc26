"""What the KM plan's services record in the audit trail."""

from django.utils.translation import gettext_lazy as _

from cophub.core.audit import ActionType

ACTIONS = (
    ActionType("kmplan.created", _("KM plan created")),
    ActionType("kmplan.updated", _("KM plan edited")),
    ActionType("kmplan.area.created", _("KM plan knowledge area added")),
    ActionType("kmplan.area.updated", _("KM plan knowledge area edited")),
    ActionType("kmplan.area.deleted", _("KM plan knowledge area deleted")),
    ActionType("kmplan.activity.created", _("KM plan activity added")),
    ActionType("kmplan.activity.updated", _("KM plan activity edited")),
    ActionType("kmplan.activity.deleted", _("KM plan activity deleted")),
    ActionType("kmplan.indicator.created", _("KM plan indicator added")),
    ActionType("kmplan.indicator.updated", _("KM plan indicator edited")),
    ActionType("kmplan.indicator.deleted", _("KM plan indicator deleted")),
)
