from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "cophub.knowledge"
    verbose_name = "Knowledge"
