from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """Background jobs: progress records over Django's tasks API, and the worker."""

    name = "cophub.jobs"
    label = "jobs"
    verbose_name = _("Jobs")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each app declares its job kinds in its own jobs.py.
        autodiscover_modules("jobs")
