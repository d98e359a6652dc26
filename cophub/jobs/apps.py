from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Background jobs: progress records over Django's tasks API, and the worker."""

    name = "cophub.jobs"
    label = "jobs"
    verbose_name = "Jobs"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each app declares its job kinds in its own jobs.py.
        autodiscover_modules("jobs")
