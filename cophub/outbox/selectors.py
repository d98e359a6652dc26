"""Reads of the outbox. Nothing here writes."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from cophub.outbox.models import OutboxMessage

State = OutboxMessage.State


def message_stale_ids(*, now: dt.datetime, grace: dt.timedelta, limit: int = 500) -> list[int]:
    """Unfinished messages that no task seems to be looking after (see ``outbox_sweep``)."""
    stale = (
        Q(state=State.SENDING, claimed_until__lt=now)
        | Q(state=State.QUEUED, next_attempt_at__isnull=True, created_at__lt=now - grace)
        | Q(state=State.QUEUED, next_attempt_at__lt=now - grace)
    )
    rows = OutboxMessage.objects.filter(stale).order_by("id").values_list("id", flat=True)
    return list(rows[:limit])


def message_counts() -> dict[str, int]:
    """How many messages are in each state (every state present, zero or not)."""
    counts = dict.fromkeys(State.values, 0)
    for row in OutboxMessage.objects.values("state").annotate(n=Count("id")).order_by():
        counts[row["state"]] = row["n"]
    return counts
