"""Writes for surveys: build from the template, edit questions (versioned), schedule,
submit answers, choose the scoring policy, export answers."""

from cophub.surveys.services.editing import (
    QUESTION_FIELDS,
    activity_takes_registrations,
    scoring_policy_set,
    standard_template,
    survey_create,
    survey_questions_save,
    survey_update,
)
from cophub.surveys.services.exports import survey_export_start
from cophub.surveys.services.flood import responses_remove_range
from cophub.surveys.services.lifecycle import survey_close, survey_publish
from cophub.surveys.services.questions import (
    choice_options,
    survey_question_delete,
    survey_question_move,
    survey_question_save,
)
from cophub.surveys.services.submission import (
    ATTEMPTS,
    Attempt,
    Outcome,
    day_of,
    survey_submit,
)
from cophub.surveys.services.templates import survey_template_save

__all__ = [
    "ATTEMPTS",
    "QUESTION_FIELDS",
    "Attempt",
    "Outcome",
    "activity_takes_registrations",
    "choice_options",
    "day_of",
    "responses_remove_range",
    "scoring_policy_set",
    "standard_template",
    "survey_close",
    "survey_create",
    "survey_export_start",
    "survey_publish",
    "survey_question_delete",
    "survey_question_move",
    "survey_question_save",
    "survey_questions_save",
    "survey_submit",
    "survey_template_save",
    "survey_update",
]
