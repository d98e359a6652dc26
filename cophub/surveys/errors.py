"""The surveys app's error codes, registered by ``CoreConfig.ready``.

``survey_not_open`` and ``survey_closed`` are raised as ``f"survey_{state}"`` from
``Survey.state()``; both are conflicts with the survey's schedule, not bad input.
"""

from django.utils.translation import gettext_lazy as _

from cophub.core.errors import ErrorType

ERRORS = (
    ErrorType("survey_exists", _("This activity already has a survey."), 400),
    ErrorType("survey_not_open", _("This survey is not open yet."), 409),
    ErrorType("survey_closed", _("This survey has closed. Thank you for your interest."), 409),
    ErrorType(
        "survey_closes_before_opening", _("The closing time must be after the opening time."), 400
    ),
    ErrorType("invalid_questions", _("Some questions need attention."), 400),
    ErrorType("invalid_answers", _("Some answers need attention."), 400),
    ErrorType(
        "survey_changed",
        _("The survey changed while you answered. Please reload it and try again."),
        400,
    ),
)
