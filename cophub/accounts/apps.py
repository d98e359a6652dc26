from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cophub.accounts"
    label = "accounts"
