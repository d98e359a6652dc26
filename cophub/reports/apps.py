from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "cophub.reports"
    label = "reports"
