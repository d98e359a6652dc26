"""The queue's own housekeeping, run by the workers."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cophub.jobs.queue import background, periodic

KEEP_FINISHED = dt.timedelta(days=1)  # a finished task's row is kept this long for inspection


@periodic(every=600)
@background()
def prune_finished_tasks() -> int:
    """Delete the rows of tasks that finished more than a day ago (idempotent); a Job's own
    row, its progress and result, is kept."""
    old = timezone.now() - KEEP_FINISHED
    deleted, _ = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED], finished_at__lt=old
    ).delete()
    return deleted
