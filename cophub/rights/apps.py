from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    """The data subject's rights (PDPA): copies, erasure, requests, retention."""

    name = "cophub.rights"
    label = "rights"
    verbose_name = _("Data subject rights")

    def ready(self) -> None:
        from cophub.accounts import hooks
        from cophub.rights import sections  # noqa: F401 - each module registers its section
        from cophub.rights.selectors import profile_context

        if profile_context not in hooks.PROFILE_CONTEXT:
            hooks.PROFILE_CONTEXT.append(profile_context)
            hooks.PROFILE_PANELS.append("rights/_profile_panel.html")
