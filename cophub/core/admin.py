"""The admin: the audit trail, and read-only views of what only services may change.

Programs, activities, registrations, communities, knowledge items, comments, API tokens
and so on are written by services, which check permission and write the audit row; an
admin form editing them directly would skip both. Their admin pages are therefore
read-only (``ReadOnlyAdmin``); the admin is for looking, the pages and API for changing.
Reference data no service owns (provinces, organisations, people, user accounts) stays
editable, and Django's own admin log records those edits.
"""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cophub.core.audit import ACTION_TYPES, action_label
from cophub.core.models import AuditLog
from cophub.core.thai import on_thai_screen, thai_date, thai_digits


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shows a service-owned model; adding, changing and deleting go through services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ActionFilter(admin.SimpleListFilter):
    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return [(name, str(t.label)) for name, t in sorted(ACTION_TYPES.items())]

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdmin):
    list_display = ["when", "actor", "action_display", "object_type", "object_repr"]
    list_filter = [ActionFilter, "object_type"]
    search_fields = ["object_repr", "object_id"]
    fields = ["when", "actor", "action_display", "action", "object_type", "object_id",
              "object_repr", "changes"]  # fmt: skip
    readonly_fields = fields

    @admin.display(description=_("when"), ordering="at")
    def when(self, obj: AuditLog) -> str:
        """B.E. date and time in the screen's digits: ๒ ธันวาคม ๒๕๖๙ ๐๙:๓๐ น."""
        local = timezone.localtime(obj.at)
        if not on_thai_screen():
            return local.strftime("%-d %b %Y %H:%M")
        return f"{thai_date(local, style='medium')} {thai_digits(local.strftime('%H:%M'))} น."

    @admin.display(description=_("action"), ordering="action")
    def action_display(self, obj: AuditLog) -> str:
        return action_label(obj.action)
