"""The outbox in the admin: read-only, with one action to queue failed messages again."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cophub.core.errors import DomainError
from cophub.core.templatetags.thai import digits
from cophub.outbox.models import OutboxAttachment, OutboxMessage
from cophub.outbox.services import message_retry


class AttachmentInline(admin.TabularInline):
    model = OutboxAttachment
    extra = 0
    fields = readonly_fields = ["filename", "mimetype", "file"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["id", "subject", "to", "state", "attempts", "created_at", "sent_at"]
    list_filter = ["state"]
    search_fields = ["subject", "dedupe_key", "to"]
    date_hierarchy = "created_at"
    inlines = [AttachmentInline]
    actions = ["retry_failed"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_retry_permission(self, request) -> bool:
        return request.user.is_system_admin

    @admin.action(description=_("Send the selected failed e-mails again"), permissions=["retry"])
    def retry_failed(self, request, queryset):
        retried, skipped = 0, 0
        for message in list(queryset):
            try:
                message_retry(actor=request.user, message=message)
            except DomainError:
                skipped += 1  # not failed, or another admin retried it first
            else:
                retried += 1
        if retried:
            self.message_user(
                request,
                ngettext(
                    "%(count)s e-mail queued again.", "%(count)s e-mails queued again.", retried
                )
                % {"count": digits(retried)},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)s e-mail was not failed and was left alone.",
                    "%(count)s e-mails were not failed and were left alone.",
                    skipped,
                )
                % {"count": digits(skipped)},
                messages.WARNING,
            )
