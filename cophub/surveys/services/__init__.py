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
from cophub.surveys.services.submission import (
    ATTEMPTS,
    Attempt,
    Outcome,
    day_of,
    survey_submit,
)

__all__ = [
    "ATTEMPTS",
    "QUESTION_FIELDS",
    "Attempt",
    "Outcome",
    "activity_takes_registrations",
    "day_of",
    "scoring_policy_set",
    "standard_template",
    "survey_create",
    "survey_export_start",
    "survey_questions_save",
    "survey_submit",
    "survey_update",
]
