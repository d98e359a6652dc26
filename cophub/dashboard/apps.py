from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    verbose_name = _("Executive dashboard")
    name = "cophub.dashboard"
    label = "dashboard"
