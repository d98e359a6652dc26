from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    verbose_name = _("Surveys")
    name = "cophub.surveys"
    label = "surveys"

    def ready(self) -> None:
        # Program pages show survey facts through programs.hooks (programs sits below
        # surveys and never imports it).
        from cophub.programs import hooks
        from cophub.surveys.selectors import activity_page_facts, activity_satisfaction

        if activity_satisfaction not in hooks.SATISFACTION:
            hooks.SATISFACTION.append(activity_satisfaction)
            hooks.ACTIVITY_CONTEXT.append(activity_page_facts)
