from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    verbose_name = _("Accounts")
    name = "cophub.accounts"
    label = "accounts"

    def ready(self) -> None:
        from cophub.accounts import throttle  # noqa: F401 - connects the failed-log-in counter
