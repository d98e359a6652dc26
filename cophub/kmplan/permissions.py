"""Who may see and write KM plans. Views, the API and services all ask here.

A KM plan is its organisation's own document: system admins and the organisers of that
organisation (an organiser whose ``Person`` belongs to it) read and write it. Members and
facilitators are refused the whole feature; an organiser of another organisation does not
learn that the plan exists (a 404, as for any private object). An organiser's organisation
is exactly the plan's: an office's organiser does not write its department's plan, nor the
reverse (each unit answers for its own plan).
"""

from __future__ import annotations

from cophub.core.errors import DomainError


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def organization_id_of(user) -> int | None:
    """The organisation of the user's person record, or None (read once per user object)."""
    if not _active(user):
        return None
    if not hasattr(user, "_kmplan_organization_id"):
        from cophub.orgs.models import Person

        user._kmplan_organization_id = (
            Person.objects.filter(user=user).values_list("organization_id", flat=True).first()
        )
    return user._kmplan_organization_id


def can_use_kmplans(user) -> bool:
    """May open the KM plan pages at all: admins and organisers."""
    return _active(user) and user.is_organiser


def can_edit_organization_plan(user, organization_id: int | None) -> bool:
    if not _active(user):
        return False
    if user.is_system_admin:
        return True
    return (
        user.is_organiser
        and organization_id is not None
        and organization_id_of(user) == organization_id
    )


def can_edit_plan(user, plan) -> bool:
    return can_edit_organization_plan(user, plan.organization_id)


def require_use_kmplans(user) -> None:
    if not can_use_kmplans(user):
        raise DomainError("permission_denied")


def require_edit_plan(user, plan) -> None:
    """Refused: 403 to whoever may not use KM plans, 404 to another organisation's organiser."""
    require_use_kmplans(user)
    if not can_edit_plan(user, plan):
        raise DomainError("not_found")
