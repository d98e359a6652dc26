"""Who may do what with registrations, lists and check-in. Views, the API and services ask here.

The program's organisers (and system admins) run registration: settings, the roster, imports
and exports with contacts. The program's facilitators (its team, programs.ProgramMember) check
people in and read the door's list and its exports without contacts; a facilitator of another
program may not. A coordinator nominates the staff of their own organisation.
"""

from __future__ import annotations

from cophub.core.errors import DomainError
from cophub.orgs.models import Organization
from cophub.participants.models import Coordinator
from cophub.programs.models import Activity, Registration
from cophub.programs.permissions import (
    can_edit_program,
    can_work_on_program,
    works_on_some_program,
)


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_manage_participants(user, activity: Activity) -> bool:
    return can_edit_program(user, activity.program)


def can_check_in(user, activity: Activity | None) -> bool:
    """The program's organisers and facilitators, and system admins, check people in."""
    if not _active(user):
        return False
    if user.is_system_admin:
        return True
    return activity is not None and can_work_on_program(user, activity.program)


def can_check_in_anywhere(user) -> bool:
    """May scan a code whose activity is not known yet (the API's unknown codes): someone
    who runs some program. The code's activity is then checked with ``can_check_in``, so a
    code of another program's activity is refused."""
    return works_on_some_program(user)


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
