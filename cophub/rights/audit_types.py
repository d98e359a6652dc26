"""What the data subject's rights record in the audit trail."""

from django.utils.translation import gettext_lazy as _

from cophub.core.audit import ActionType

ACTIONS = (
    ActionType("data_request.access_requested", _("Copy of personal data requested")),
    ActionType("data_request.exported", _("Copy of personal data made")),
    ActionType("data_request.erasure_requested", _("Erasure of personal data requested")),
    ActionType("data_request.erased", _("Personal data erased")),
    ActionType("data_request.refused", _("Data subject request refused")),
    ActionType("retention.applied", _("Retention periods applied")),
)
