"""Who may do what with programs. Views, the API and services all ask here.

A program's data is granted by the program, never by a global role: its owner (an
organiser), its team (``ProgramMember``: co-organisers and facilitators) and system admins.
A facilitator of one program sees nothing of another's results, lists or check-in.
"""

from __future__ import annotations

from cophub.core.errors import DomainError
from cophub.programs.models import Program, ProgramMember


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _roles(user) -> dict[int, str]:
    """{program id: team role} of every team the user is on, read once per user object.

    A request has its own user object (a session's is loaded per request, a token's is a
    copy), so this is per request: a page asks several of these questions, and the door
    asks two per scan (some team at all, then the code's program), for one query.
    ``forget_team_roles`` drops it after a change.
    """
    roles = getattr(user, "_program_roles", None)
    if roles is None:
        roles = dict(ProgramMember.objects.filter(user=user).values_list("program_id", "role"))
        user._program_roles = roles
    return roles


def forget_team_roles(user) -> None:
    vars(user).pop("_program_roles", None)


def team_role(user, program: Program) -> str | None:
    """The user's role on the program's team, or None."""
    if not _active(user):
        return None
    # The check-in's door read brings the scanning user's role along with the program.
    known = program.__dict__.get("_team_role_of")
    if known is not None and known[0] == user.pk:
        return known[1]
    return _roles(user).get(program.pk)


def can_create_program(user) -> bool:
    return bool(user and user.is_authenticated and user.is_organiser)


def can_manage_team(user, program: Program) -> bool:
    """The owner (and system admins) choose the team and may delete the program."""
    if not _active(user):
        return False
    if user.is_system_admin:
        return True
    return user.is_organiser and program.owner_id == user.pk


def can_edit_program(user, program: Program) -> bool:
    """System admins edit any program; its owner and co-organisers edit it."""
    if can_manage_team(user, program):
        return True
    return team_role(user, program) == ProgramMember.Role.CO_ORGANISER


def can_work_on_program(user, program: Program) -> bool:
    """Those who run the program: whoever edits it, and its facilitators (the door, the
    results). Personal data beyond names (contacts) stays with ``can_edit_program``."""
    return can_edit_program(user, program) or team_role(user, program) is not None


def works_on_some_program(user) -> bool:
    """May run some program's door: admins, organisers (who own programs) and anyone on a
    program's team. The API's scan of a code not known yet asks this first; the code's own
    program then decides (``can_work_on_program``)."""
    if not _active(user):
        return False
    return user.is_organiser or bool(_roles(user))


def require_create_program(user) -> None:
    if not can_create_program(user):
        raise DomainError("permission_denied")


def require_edit_program(user, program: Program) -> None:
    if not can_edit_program(user, program):
        raise DomainError("permission_denied")


def require_manage_team(user, program: Program) -> None:
    if not can_manage_team(user, program):
        raise DomainError("permission_denied")
