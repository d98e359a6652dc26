"""What the participants app's services record in the audit trail."""

from django.utils.translation import gettext_lazy as _

from cophub.core.audit import ActionType

ACTIONS = (
    ActionType("registration_policy.updated", _("Registration settings changed")),
    ActionType("registration.self_registered", _("Registered themselves")),
    ActionType("registration.nominated", _("Nominated by a coordinator")),
    ActionType("registration.cancelled", _("Registration cancelled")),
    ActionType("registration.promoted", _("Moved up from the waiting list")),
    ActionType("registration.status_changed", _("Registration status changed")),
    ActionType("person.corrected", _("Corrected their own organisation or position")),
    ActionType("registration.checked_in", _("Checked in")),
    ActionType(
        "registration.checkin_moved_earlier", _("Check-in time moved to an earlier offline scan")
    ),
    ActionType("registration.imported", _("Registered from a participant list")),
    ActionType("participant_list.imported", _("Participant list imported")),
)
