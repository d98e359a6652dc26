"""The admin: the audit trail, and read-only views of what only services may change.

Programs, activities, registrations, communities, knowledge items, comments, API tokens
and so on are written by services, which check permission and write the audit row; an
admin form editing them directly would skip both. Their admin pages are therefore
read-only (``ReadOnlyAdmin``); the admin is for looking, the pages and API for changing.
Reference data no service owns (provinces, organisations, people, user accounts) stays
editable, and Django's own admin log records those edits.
"""

import datetime as dt
import re

from django.apps import apps
from django.contrib import admin
from django.contrib.admin import helpers as admin_helpers
from django.contrib.admin.templatetags import admin_list
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from cophub.core.admin_labels import translate_default_labels
from cophub.core.audit import ACTION_TYPES, action_label
from cophub.core.models import AuditLog
from cophub.core.thai import be_year, on_thai_screen, thai_date, thai_digits


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


def object_type_label(label: str) -> str:
    """ "programs.activity" as the reader calls it: the model's name (กิจกรรม)."""
    try:
        return str(capfirst(apps.get_model(label)._meta.verbose_name))
    except (LookupError, ValueError):
        return label


class ObjectTypeFilter(admin.SimpleListFilter):
    title = _("kind of record")
    parameter_name = "object_type"

    def lookups(self, request, model_admin):
        types = AuditLog.objects.order_by().values_list("object_type", flat=True).distinct()
        return sorted(((t, object_type_label(t)) for t in types), key=lambda kv: kv[1])

    def queryset(self, request, queryset):
        return queryset.filter(object_type=self.value()) if self.value() else queryset


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdmin):
    list_display = ["when", "actor", "action_display", "object_type_display", "object_repr"]
    list_filter = [ActionFilter, ObjectTypeFilter]
    search_fields = ["object_repr", "object_id"]
    fields = ["when", "actor", "action_display", "action", "object_type_display", "object_id",
              "object_repr", "changes"]  # fmt: skip
    readonly_fields = fields

    @admin.display(description=_("when"), ordering="at")
    def when(self, obj: AuditLog) -> str:
        """B.E. date and time in the screen's digits: ๒ ธันวาคม ๒๕๖๙ ๐๙:๓๐ น."""
        local = timezone.localtime(obj.at)
        if not on_thai_screen():
            return local.strftime("%-d %b %Y %H:%M")
        return f"{thai_date(local, style='medium')} {thai_digits(local.strftime('%H:%M'))} น."

    @admin.display(description=_("kind of record"), ordering="object_type")
    def object_type_display(self, obj: AuditLog) -> str:
        return object_type_label(obj.object_type)

    @admin.display(description=_("action"), ordering="action")
    def action_display(self, obj: AuditLog) -> str:
        return action_label(obj.action)


# --- the admin in Thai ---------------------------------------------------------------
# Labels Django made from names, and dates: Django's admin writes dates with C.E. years
# ("2 ธันวาคม 2026"); on a Thai screen every date and time it shows, in lists and on
# read-only change pages, is written the Thai way with the B.E. year instead. One
# wrapper around the function both use, so no model admin has to remember it.
def _thai_display_for_field(original):
    def display(value, field, empty_value_display, *args, **kwargs):
        if value is not None and on_thai_screen() and not getattr(field, "flatchoices", None):
            if isinstance(value, dt.datetime):
                local = timezone.localtime(value) if timezone.is_aware(value) else value
                clock = thai_digits(local.strftime("%H:%M"))
                return f"{thai_date(local.date(), style='medium')} {clock} น."
            if isinstance(value, dt.date):
                return thai_date(value, style="medium")
        return original(value, field, empty_value_display, *args, **kwargs)

    display.thai = True
    return display


def _thai_years(original):
    """The date hierarchy's year and month links: B.E. years in Thai digits."""

    def be(match: re.Match) -> str:
        return thai_digits(be_year(int(match.group(0))))

    def hierarchy(cl):
        result = original(cl)
        if result and on_thai_screen():
            links = [*result.get("choices", []), *([result["back"]] if result.get("back") else [])]
            for link in links:
                link["title"] = _BE_YEAR.sub(be, str(link["title"]))
        return result

    hierarchy.thai = True
    return hierarchy


_BE_YEAR = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")

if not getattr(admin_helpers.display_for_field, "thai", False):
    admin_helpers.display_for_field = _thai_display_for_field(admin_helpers.display_for_field)
    admin_list.display_for_field = _thai_display_for_field(admin_list.display_for_field)
    admin_list.date_hierarchy = _thai_years(admin_list.date_hierarchy)
translate_default_labels()
admin.site.site_header = _("CoP Hub administration")
admin.site.site_title = _("CoP Hub administration")
admin.site.index_title = _("Site administration")
