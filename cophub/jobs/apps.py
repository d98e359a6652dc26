from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Background jobs: progress records over Django's tasks API, and the worker."""

    name = "cophub.jobs"
    label = "jobs"
    verbose_name = "Jobs"
