"""Follow-up sending, done by the workers on a schedule.

The heartbeat of one worker enqueues ``followups_send_due`` every ``SEND_EVERY`` seconds
while some follow-up is not closed; the task is idempotent (one ``Message`` row per
person and message kind), so a task run twice, or by two workers at once, sends each
message once (tests/test_workers.py proves it with two real workers).
"""

from __future__ import annotations

from cophub.followups.models import FollowUp
from cophub.followups.services import followup_send_due
from cophub.jobs.queue import background, periodic

SEND_EVERY = 900.0  # seconds: invitations and reminders go out on the day, within 15 minutes


def _some_followup_open() -> bool:
    return FollowUp.objects.filter(closed_at__isnull=True).exists()


@periodic(every=SEND_EVERY, when=_some_followup_open)
@background()
def followups_send_due() -> dict[str, int]:
    return followup_send_due()
