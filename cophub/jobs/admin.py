from django.contrib import admin

from cophub.jobs.models import Job, WorkerBeat


class ReadOnly(admin.ModelAdmin):
    """Jobs are written by the runner only; the admin shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Job)
class JobAdmin(ReadOnly):
    list_display = ["created_at", "kind", "owner", "state", "done", "total", "attempts"]
    list_filter = ["state", "kind"]


@admin.register(WorkerBeat)
class WorkerBeatAdmin(ReadOnly):
    list_display = ["worker_id", "host", "pid", "started_at", "beat_at"]
