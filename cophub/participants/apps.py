from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    name = "cophub.participants"
    label = "participants"
