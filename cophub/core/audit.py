"""Audit rows, written by services inside their transaction, with registered action types.

Like pretix's log action types: every app lists the kinds of thing its services record
in ``<app>/audit_types.py`` as ``ACTIONS`` (dotted names such as ``program.created``,
each with a gettext label), and ``CoreConfig.ready`` registers them. ``audit_record``
refuses a name nobody registered, so the trail only ever holds names the admin can label.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.functional import Promise

from cophub.core.models import AuditLog

NAME = re.compile(r"^[a-z][a-z_]*(\.[a-z][a-z_]*)+$")


@dataclass(frozen=True)
class ActionType:
    name: str
    label: Promise


ACTION_TYPES: dict[str, ActionType] = {}


class UnknownAuditAction(LookupError):
    """audit_record was given an action type no app registered: a programming error."""


def register_actions(types) -> None:
    limit = AuditLog._meta.get_field("action").max_length
    for action in types:
        if not NAME.match(action.name) or len(action.name) > limit:
            raise ValueError(f"audit action {action.name!r} is not a dotted name of ≤{limit}")
        known = ACTION_TYPES.get(action.name)
        if known is not None and known != action:
            raise ValueError(f"audit action {action.name!r} is registered twice, differently")
        ACTION_TYPES[action.name] = action


def action_label(name: str) -> str:
    """The reader's label for an action type; rows from before the registry show their name."""
    action = ACTION_TYPES.get(name)
    return str(action.label) if action else name


def _plain(value):
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"  # 90.00 and 90 are the same figure
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def snapshot(instance: models.Model, fields: list[str]) -> dict:
    """The values of ``fields`` on ``instance``, as JSON-friendly plain values."""
    return {name: _plain(getattr(instance, name)) for name in fields}


def diff(before: dict, after: dict) -> dict:
    """``{field: [old, new]}`` for the fields whose value changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def audit_record(
    *, actor, action: str, instance: models.Model, changes: dict | None = None
) -> AuditLog:
    if action not in ACTION_TYPES:
        raise UnknownAuditAction(f"audit action {action!r} is not in any app's audit_types.py")
    return AuditLog.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        changes=changes or {},
    )
