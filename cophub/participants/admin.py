from django.contrib import admin

from cophub.core.admin import ReadOnlyAdmin
from cophub.participants.models import CheckIn, Coordinator, Quota, RegistrationPolicy


@admin.register(RegistrationPolicy)
class RegistrationPolicyAdmin(ReadOnlyAdmin):
    list_display = ["activity", "is_open", "who", "capacity", "opens_at", "closes_at"]


@admin.register(Quota)
class QuotaAdmin(ReadOnlyAdmin):
    list_display = ["policy", "organization", "seats"]


@admin.register(Coordinator)
class CoordinatorAdmin(admin.ModelAdmin):
    """Admins grant the coordinator role (a role per organisation) here."""

    list_display = ["user", "organization"]
    autocomplete_fields = ["organization"]
    search_fields = ["user__username", "organization__name"]


@admin.register(CheckIn)
class CheckInAdmin(ReadOnlyAdmin):
    list_display = ["scanned_at", "activity", "status", "reason", "method", "late"]
    list_filter = ["status", "reason", "method", "late"]
