from django.apps import AppConfig


class OutboxConfig(AppConfig):
    """E-mail through an outbox table, sent by the workers with retry."""

    name = "cophub.outbox"
    label = "outbox"
    verbose_name = "Outbox"
