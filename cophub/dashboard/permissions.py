"""Who sees the executive dashboard: system admins and organisers.

The role model has no "executive" role (accounts.User.Role: admin, organiser,
facilitator, member); an executive is given the organiser role. Members and facilitators
are refused: the dashboard shows every program's figures, while a facilitator's access is
one program's (docs/dashboard.md).
"""

from __future__ import annotations

from cophub.core.errors import DomainError


def can_see_dashboard(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_organiser)


def require_see_dashboard(user) -> None:
    if not can_see_dashboard(user):
        raise DomainError("permission_denied")
