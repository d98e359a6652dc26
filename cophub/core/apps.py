from importlib import import_module

from django.apps import AppConfig, apps
from django.utils.module_loading import module_has_submodule


class CoreConfig(AppConfig):
    name = "cophub.core"
    label = "core"
    verbose_name = "CoP Hub"

    def ready(self) -> None:
        # Each app declares its error codes (errors.ERRORS) and audit action types
        # (audit_types.ACTIONS) as plain data; they are registered here, once, for
        # every installed CoP Hub app, so a new app only adds the two modules.
        from cophub.core.audit import register_actions
        from cophub.core.errors import register_errors

        for config in apps.get_app_configs():
            if not config.name.startswith("cophub."):
                continue
            for module, attribute, register in (
                ("errors", "ERRORS", register_errors),
                ("audit_types", "ACTIONS", register_actions),
            ):
                if module_has_submodule(config.module, module):
                    register(getattr(import_module(f"{config.name}.{module}"), attribute))
