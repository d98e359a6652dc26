from django.contrib import admin

from cophub.programs.models import Activity, Objective, Outcome, Program, Registration, Site


class ObjectiveInline(admin.TabularInline):
    model = Objective
    extra = 0


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 0


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["title", "fiscal_year", "organization", "owner"]
    list_filter = ["fiscal_year"]
    search_fields = ["title"]
    inlines = [ObjectiveInline, OutcomeInline]


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["program", "number", "kind", "title", "start_date"]
    list_filter = ["kind", "program__fiscal_year"]
    search_fields = ["title"]
    inlines = [SiteInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["activity", "person", "attended"]
    list_filter = ["attended"]
