"""Who may do what with registrations, lists and check-in. Views, the API and services ask here.

The program's organiser (and system admins) run registration: settings, the roster, imports
and exports. Facilitators may also check people in at the door. A coordinator nominates the
staff of their own organisation. Facilitators are a global role until the privacy issue
scopes them to programs (docs/decisions.md).
"""

from __future__ import annotations

from cophub.core.errors import DomainError
from cophub.orgs.models import Organization
from cophub.participants.models import Coordinator
from cophub.programs.models import Activity, Registration
from cophub.programs.permissions import can_edit_program


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_manage_participants(user, activity: Activity) -> bool:
    return can_edit_program(user, activity.program)


def can_check_in(user, activity: Activity | None) -> bool:
    """Organisers of the program, facilitators and admins check people in."""
    if not _active(user):
        return False
    if user.is_system_admin or user.role == "facilitator":
        return True
    return activity is not None and can_manage_participants(user, activity)


def can_check_in_anywhere(user) -> bool:
    """May scan a code whose activity is not known yet (the API's unknown codes)."""
    return _active(user) and (user.is_organiser or user.role == "facilitator")


def coordinated_organizations(user) -> list[Organization]:
    if not _active(user):
        return []
    return [
        c.organization for c in Coordinator.objects.filter(user=user).select_related("organization")
    ]


def can_see_registration(user, registration: Registration) -> bool:
    """The person themselves, whoever nominated them, and those who run the activity."""
    if not _active(user):
        return False
    if registration.person.user_id == user.pk or registration.nominated_by_id == user.pk:
        return True
    return can_check_in(user, registration.activity)


def require_manage_participants(user, activity: Activity) -> None:
    if not can_manage_participants(user, activity):
        raise DomainError("permission_denied")


def require_check_in(user, activity: Activity | None) -> None:
    if not can_check_in(user, activity):
        raise DomainError("permission_denied")
