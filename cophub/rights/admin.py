from django.contrib import admin

from cophub.rights.models import DataRequest, RetentionRun


class ReadOnly(admin.ModelAdmin):
    """Written by the services only (their permission checks and audit); shown here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DataRequest)
class DataRequestAdmin(ReadOnly):
    list_display = ("pk", "kind", "person", "requested_at", "due", "status", "completed_at")
    list_filter = ("kind", "status")


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnly):
    list_display = ("ran_at", "counts")
