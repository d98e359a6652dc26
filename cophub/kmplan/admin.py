"""KM plans in the admin: read-only, since every change goes through the services."""

from django.contrib import admin

from cophub.kmplan.models import Indicator, KmPlan, KnowledgeArea, PlannedActivity


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(KmPlan)
class KmPlanAdmin(ReadOnly):
    list_display = ["title", "organization", "fiscal_year"]
    list_filter = ["fiscal_year"]


@admin.register(KnowledgeArea)
class KnowledgeAreaAdmin(ReadOnly):
    list_display = ["name", "plan", "order"]


@admin.register(PlannedActivity)
class PlannedActivityAdmin(ReadOnly):
    list_display = ["description", "area", "step"]


@admin.register(Indicator)
class IndicatorAdmin(ReadOnly):
    list_display = ["name", "plan", "kind", "target"]
