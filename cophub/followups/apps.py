from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    verbose_name = _("Follow-up surveys")
    name = "cophub.followups"
    label = "followups"

    def ready(self) -> None:
        # The activity page shows the follow-up panel, and the report its measured
        # adoption, through the lower apps' hooks (they never import followups).
        from cophub.followups import jobs  # noqa: F401 - registers the periodic sending
        from cophub.followups.selectors import PANEL_TEMPLATE, activity_panel, report_adoption
        from cophub.programs import hooks
        from cophub.reports import hooks as report_hooks

        if activity_panel not in hooks.ACTIVITY_CONTEXT:
            hooks.ACTIVITY_CONTEXT.append(activity_panel)
            hooks.ACTIVITY_PANELS.append(PANEL_TEMPLATE)
        if report_adoption not in report_hooks.ADOPTION:
            report_hooks.ADOPTION.append(report_adoption)
