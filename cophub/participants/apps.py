from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    verbose_name = _("Participants")
    name = "cophub.participants"
    label = "participants"

    def ready(self) -> None:
        # The activity page shows registration and check-in through programs.hooks
        # (programs sits below participants and never imports it).
        from cophub.participants.selectors import PANEL_TEMPLATE, activity_panel
        from cophub.programs import hooks

        if activity_panel not in hooks.ACTIVITY_CONTEXT:
            hooks.ACTIVITY_CONTEXT.append(activity_panel)
            hooks.ACTIVITY_PANELS.append(PANEL_TEMPLATE)
