from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "cophub.surveys"
    label = "surveys"
