from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "cophub.programs"
    label = "programs"
