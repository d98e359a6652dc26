"""Who may do what with programs. Views, the API and services all ask here."""

from __future__ import annotations

from cophub.core.errors import DomainError
from cophub.programs.models import Program


def can_create_program(user) -> bool:
    return bool(user and user.is_authenticated and user.is_organiser)


def can_edit_program(user, program: Program) -> bool:
    """System admins edit any program; organisers edit the programs they own."""
    if not (user and user.is_authenticated):
        return False
    if user.is_system_admin:
        return True
    return user.is_organiser and program.owner_id == user.pk


def require_create_program(user) -> None:
    if not can_create_program(user):
        raise DomainError("permission_denied")


def require_edit_program(user, program: Program) -> None:
    if not can_edit_program(user, program):
        raise DomainError("permission_denied")
