from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    """E-mail through an outbox table, sent by the workers with retry."""

    name = "cophub.outbox"
    label = "outbox"
    verbose_name = _("Outbox")
