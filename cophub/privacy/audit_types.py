"""What is recorded about the notice, consents, reads of personal data and breaches."""

from django.utils.translation import gettext_lazy as _

from cophub.core.audit import ActionType

ACTIONS = (
    ActionType("privacy_notice.drafted", _("Privacy notice: new version drafted")),
    ActionType("privacy_notice.edited", _("Privacy notice: draft edited")),
    ActionType("privacy_notice.published", _("Privacy notice published")),
    ActionType("consent.given", _("Consent given")),
    ActionType("consent.withdrawn", _("Consent withdrawn")),
    ActionType("personal_data.viewed", _("Personal data viewed")),
    ActionType("personal_data.exported", _("Personal data exported")),
    ActionType("breach.recorded", _("Data breach recorded")),
    ActionType("breach.updated", _("Data breach updated")),
)
