from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cophub.accounts.models import ApiToken, User
from cophub.accounts.services import token_revoke
from cophub.core.admin import ReadOnlyAdmin
from cophub.core.templatetags.thai import digits


# Accounts are managed here (no service owns them); Django's admin log records the edits.
@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (_("CoP Hub"), {"fields": ("role",)}))
    list_display = ["username", "email", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active", "is_superuser"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Tokens are made by their owners; an administrator may revoke them, through the
    service, so the revocation is audited like one made on the profile page."""

    list_display = ["name", "user", "hint", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    fields = readonly_fields = ["name", "user", "hint", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def has_revoke_permission(self, request) -> bool:
        return request.user.is_system_admin

    @admin.action(description=_("Revoke the selected tokens"), permissions=["revoke"])
    def revoke(self, request, queryset):
        live = list(queryset.filter(revoked_at__isnull=True).values_list("pk", flat=True))
        for token_id in live:
            token_revoke(actor=request.user, token_id=token_id)
        self.message_user(
            request,
            ngettext("%(count)s token revoked.", "%(count)s tokens revoked.", len(live))
            % {"count": digits(len(live))},
        )
