from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the service: health and readiness, metrics, logs, backup and restore."""

    name = "cophub.ops"
    label = "ops"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from cophub.ops import checks  # noqa: F401 - registers the deploy checks
