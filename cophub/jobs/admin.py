from django.contrib import admin

from cophub.core.admin import ReadOnlyAdmin
from cophub.jobs.models import Job, WorkerBeat


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    """Jobs are written by the runner only; the admin shows them."""

    list_display = ["created_at", "kind", "owner", "state", "done", "total", "attempts"]
    list_filter = ["state", "kind"]


@admin.register(WorkerBeat)
class WorkerBeatAdmin(ReadOnlyAdmin):
    list_display = ["worker_id", "host", "pid", "started_at", "beat_at"]
