"""The notice's drafts are edited here as on the in-app page, through the same services (so
each edit is audited and a published version stays as it was); consents, reads of personal
data and breaches are shown read-only (breaches are edited on /privacy/breaches/)."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cophub.core.admin import ReadOnlyAdmin
from cophub.core.errors import DomainError
from cophub.core.forms import thai_formfield
from cophub.privacy import selectors, services
from cophub.privacy.models import Breach, Consent, PersonalDataRead, PrivacyNotice
from cophub.privacy.services import NOTICE_FIELDS


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "effective_date", "published_at"]
    fields = NOTICE_FIELDS
    actions = ["publish"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "effective_date":  # typed as B.E. with Thai digits, as on the page
            return thai_formfield(db_field, **kwargs)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_system_admin

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        # One draft at a time: an "add" saves through notice_draft_start, which hands back
        # the draft already open, so adding then would overwrite that draft's text.
        return self.has_module_permission(request) and selectors.notice_draft() is None

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request) and (obj is None or not obj.is_published)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        values = {name: form.cleaned_data[name] for name in NOTICE_FIELDS}
        draft = obj if change else services.notice_draft_start(actor=request.user)
        saved = services.notice_draft_update(actor=request.user, notice=draft, **values)
        obj.pk = saved.pk

    @admin.action(description=_("Publish the selected draft"))
    def publish(self, request, queryset):
        for notice in queryset:
            try:
                services.notice_publish(actor=request.user, notice=notice)
            except DomainError as exc:
                self.message_user(request, exc.message, messages.ERROR)


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ["person", "purpose", "notice", "given_at", "withdrawn_at", "source"]
    list_filter = ["purpose", "source", ("withdrawn_at", admin.EmptyFieldListFilter)]
    search_fields = ["person__first_name", "person__last_name", "person__email"]


@admin.register(PersonalDataRead)
class PersonalDataReadAdmin(ReadOnlyAdmin):
    """Who read whose data: filter by viewer or kind; search by a person's name or e-mail,
    or follow ``?people__id__exact=<person id>`` for every read of one person's data."""

    list_display = ["at", "viewer", "kind", "exported", "with_contacts", "object_repr", "count"]
    list_filter = [
        "kind",
        "exported",
        "with_contacts",
        ("viewer", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = [
        "people__first_name", "people__last_name", "people__email", "viewer__username",
        "object_repr",
    ]  # fmt: skip
    fields = ["at", "viewer", "kind", "exported", "with_contacts", "object_repr", "count",
              "audit_row", "whose"]  # fmt: skip
    readonly_fields = fields
    date_hierarchy = "at"

    def lookup_allowed(self, lookup, value, request=None):
        return lookup == "people__id__exact" or super().lookup_allowed(lookup, value, request)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("viewer").distinct()

    @admin.display(description=_("audit record"))
    def audit_row(self, obj):
        url = reverse("admin:core_auditlog_change", args=[obj.log_id])
        return format_html('<a href="{}">{}</a>', url, obj.log_id)

    @admin.display(description=_("whose data"))
    def whose(self, obj):
        return ", ".join(p.full_name for p in obj.people.all()[:200])


@admin.register(Breach)
class BreachAdmin(ReadOnlyAdmin):
    list_display = ["title", "found_at", "risk", "people_count", "office_notified_at", "status"]
    list_filter = ["risk", "status"]
    search_fields = ["title"]
