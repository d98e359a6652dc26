from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    verbose_name = _("Personal data protection")
    name = "cophub.privacy"
    label = "privacy"

    def ready(self) -> None:
        # Accounts sits below privacy: the profile page lists a person's consents
        # through its hook rather than by importing this app.
        from cophub.accounts import hooks
        from cophub.privacy.selectors import profile_context

        if profile_context not in hooks.PROFILE_CONTEXT:
            hooks.PROFILE_CONTEXT.append(profile_context)
            hooks.PROFILE_PANELS.append("privacy/_profile_panel.html")
