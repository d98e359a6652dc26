from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "cophub.search"
    verbose_name = _("Search")

    def ready(self) -> None:
        # Knowledge and programs never import search: it watches their models and
        # indexes each change in a job after commit (docs/search.md).
        from cophub.search import signals  # noqa: F401
