from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KmplanConfig(AppConfig):
    verbose_name = _("KM plans")
    name = "cophub.kmplan"
    label = "kmplan"
