from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    verbose_name = _("Programs")
    name = "cophub.programs"
    label = "programs"
