from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo site `make run` loads: it sits above every app and calls their services."""

    verbose_name = _("Demo")
    name = "cophub.demo"
    label = "demo"
