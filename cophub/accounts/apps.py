from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cophub.accounts"
    label = "accounts"

    def ready(self) -> None:
        from cophub.accounts import throttle  # noqa: F401 - connects the failed-log-in counter
