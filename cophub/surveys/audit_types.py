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
    ActionType("survey.responses_removed", _("Survey responses removed (a time range)")),
    ActionType("survey.published", _("Survey opened for answers")),
    ActionType("survey.closed", _("Survey closed for answers")),
    ActionType("survey_template.created", _("Survey saved as the organisation's template")),
)
