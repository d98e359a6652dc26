"""Shared bits of the program commands: who acts, and how a domain error is printed."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.db.models import Q
from django.utils.translation import gettext as _

from cophub.accounts.models import User
from cophub.core.errors import DomainError


def command_actor(username: str | None) -> User:
    """The user a command acts as: ``--owner``, else the first system administrator."""
    users = User.objects.filter(is_active=True)
    if username:
        user = users.filter(username=username).first()
        if user is None:
            raise CommandError(_("No user is named “%(name)s”.") % {"name": username})
        return user
    user = users.filter(Q(is_superuser=True) | Q(role=User.Role.ADMIN)).order_by("pk").first()
    if user is None:
        raise CommandError(
            _(
                "There is no administrator to act as: pass --owner USERNAME or create one with `cophub createsuperuser`."
            )
        )
    return user


def command_error(error: DomainError) -> CommandError:
    lines = [error.message, *(f"  - {p}" for p in error.problems)]
    return CommandError("\n".join(lines))
