from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.text import capfirst
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

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "user_permissions":
            field.label_from_instance = permission_label
        return field


# Django stores permission names in English when it migrates ("Can add comment"); the
# permission box shows them from the model's own (translated) name instead.
PERMISSION_ACTIONS = {"add": _("may add"), "change": _("may change"), "delete": _("may delete"),
                      "view": _("may view")}  # fmt: skip


def permission_label(permission) -> str:
    action, _sep, _rest = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if model is None or action not in PERMISSION_ACTIONS:
        return str(permission.name)
    app = apps.get_app_config(model._meta.app_label).verbose_name
    return f"{app} | {capfirst(model._meta.verbose_name)} | {PERMISSION_ACTIONS[action]}"


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
