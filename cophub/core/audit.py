"""Audit rows, written by services inside their transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models

from cophub.core.models import AuditLog


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
    return AuditLog.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        changes=changes or {},
    )
