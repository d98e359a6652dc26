"""Reference data, editable here: no service owns provinces, organisations or people's
details (services only add people), and Django's admin log records each edit."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cophub.orgs.models import Organization, Person, Province


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en", "region"]
    list_filter = ["region"]
    search_fields = ["name_th", "name_en"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "parent", "scope", "province"]
    list_filter = ["kind", "scope"]
    search_fields = ["name", "name_en", "short_name", "code"]
    autocomplete_fields = ["parent", "province"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "organization", "email"]
    search_fields = ["first_name", "last_name", "email"]
    autocomplete_fields = ["organization", "user"]
    # Kept only on the person's own consent (privacy's optional_contact), never typed here.
    readonly_fields = ["mobile"]

    @admin.display(description=_("name"), ordering="first_name")
    def name(self, person: Person) -> str:
        return person.full_name
