from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo site `make run` loads: it sits above every app and calls their services."""

    name = "cophub.demo"
    label = "demo"
