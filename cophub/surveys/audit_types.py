"""What the surveys app's services record in the audit trail.

Responses are not audited: respondents are anonymous and a submission is one INSERT.
"""

from django.utils.translation import gettext_lazy as _

from cophub.core.audit import ActionType

ACTIONS = (
    ActionType("survey.created", _("Survey created")),
    ActionType("survey.updated", _("Survey settings edited")),
    ActionType("survey.questions.updated", _("Survey questions edited")),
    ActionType("scoring_policy.updated", _("Satisfaction scoring changed")),
)
