from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "cophub.orgs"
    label = "orgs"
