"""Read-only: programs and everything in them change through programs.services."""

from django.contrib import admin

from cophub.core.admin import ReadOnlyAdmin, ReadOnlyInline
from cophub.programs.models import (
    Activity,
    Objective,
    Outcome,
    Program,
    ProgramMember,
    Registration,
    Site,
)


class ObjectiveInline(ReadOnlyInline):
    model = Objective


class OutcomeInline(ReadOnlyInline):
    model = Outcome


class TeamInline(ReadOnlyInline):
    """The team changes on the program page (programs.services: permission and audit)."""

    model = ProgramMember
    fk_name = "program"


@admin.register(Program)
class ProgramAdmin(ReadOnlyAdmin):
    list_display = ["title", "fiscal_year", "organization", "owner"]
    list_filter = ["fiscal_year"]
    search_fields = ["title"]
    inlines = [ObjectiveInline, OutcomeInline, TeamInline]


class SiteInline(ReadOnlyInline):
    model = Site


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ["program", "number", "kind", "title", "start_date"]
    list_filter = ["kind", "program__fiscal_year"]
    search_fields = ["title"]
    inlines = [SiteInline]


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ["activity", "person", "status", "checked_in_at"]
    list_filter = ["status", "source"]
