from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "cophub.search"
    verbose_name = "Search"

    def ready(self) -> None:
        # Programs and activities are written by the programs app, which does not know
        # about search; signals keep their index rows current (see docs/search.md).
        from cophub.search import signals  # noqa: F401
