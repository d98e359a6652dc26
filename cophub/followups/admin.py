"""Follow-ups in the admin: read-only, since every change goes through the services."""

from django.contrib import admin

from cophub.followups.models import Answer, FollowUp


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnly):
    list_display = ["activity", "delay_days", "open_days", "closed_at"]


@admin.register(Answer)
class AnswerAdmin(ReadOnly):
    list_display = ["invitation", "applied", "answered_at"]
    exclude = ["what_where", "result", "obstacles"]
