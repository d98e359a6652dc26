from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    verbose_name = _("Certificates")
    name = "cophub.certificates"
    label = "certificates"

    def ready(self) -> None:
        # The activity page and the profile page show certificates through the lower
        # apps' hooks (programs and accounts never import this app).
        from cophub.accounts import hooks as profile_hooks
        from cophub.certificates import selectors
        from cophub.programs import hooks

        if selectors.activity_panel not in hooks.ACTIVITY_CONTEXT:
            hooks.ACTIVITY_CONTEXT.append(selectors.activity_panel)
            hooks.ACTIVITY_PANELS.append("certificates/_panel.html")
        if selectors.profile_panel not in profile_hooks.PROFILE_CONTEXT:
            profile_hooks.PROFILE_CONTEXT.append(selectors.profile_panel)
            profile_hooks.PROFILE_PANELS.append("certificates/_profile.html")
