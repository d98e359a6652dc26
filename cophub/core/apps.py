from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cophub.core"
    label = "core"
    verbose_name = "CoP Hub"
