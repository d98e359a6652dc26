"""The editor's writes: one question at a time (save, move, delete), each through
``survey_questions_save``, so versions work as for any other change of the questions.

Organisers never see or type codes. A new question gets the next free ``q<n>``, and each
choice a value: a choice kept (the same wording, or reworded in place while the number
of choices stays the same) keeps its value, so answers and tallies stay with it; a new
one gets the next free ``o<n>``. "Free" counts every version of the survey, so a removed
question's or choice's answers never merge into a new one.
"""

from __future__ import annotations

import re

from django.db import transaction

from cophub.accounts.models import User
from cophub.core.errors import DomainError
from cophub.programs.permissions import require_edit_program
from cophub.surveys.models import Question, Survey, SurveyVersion
from cophub.surveys.services.editing import QUESTION_FIELDS, survey_questions_save

_NUMBERED = re.compile(r"[a-z]+(\d+)")


def _rows(version: SurveyVersion) -> list[dict]:
    return [
        {f: getattr(q, f) for f in QUESTION_FIELDS} for q in version.questions.order_by("position")
    ]


def _current(survey: Survey) -> tuple[SurveyVersion, list[dict]]:
    version = SurveyVersion.objects.select_for_update().get(pk=survey.current_version_id)
    return version, _rows(version)


def _next_free(prefix: str, used) -> str:
    highest = 0
    for value in used:
        match = _NUMBERED.fullmatch(str(value))
        if match and str(value).startswith(prefix):
            highest = max(highest, int(match.group(1)))
    return f"{prefix}{highest + 1}"


def _index(rows: list[dict], code: str) -> int:
    for i, row in enumerate(rows):
        if row["code"] == code:
            return i
    raise DomainError("not_found")


def choice_options(
    *, survey: Survey, code: str | None, labels: list[str], old: list[dict]
) -> list[dict]:
    """``labels`` (as typed, one per line) as options with values, keeping the values of
    ``old`` (the question's options now) for choices kept or reworded in place."""
    by_label = {o["label"]: str(o["value"]) for o in old}
    values: list[str | None] = [by_label.get(label) for label in labels]
    if len(labels) == len(old):
        taken = {v for v in values if v is not None}
        for i, value in enumerate(values):
            if value is None and str(old[i]["value"]) not in taken:
                values[i] = str(old[i]["value"])
                taken.add(values[i])
    used = set()
    if code:
        for options in Question.objects.filter(version__survey=survey, code=code).values_list(
            "options", flat=True
        ):
            used.update(str(o["value"]) for o in options)
    used.update(v for v in values if v)
    options = []
    for label, value in zip(labels, values, strict=True):
        if value is None:
            value = _next_free("o", used)
            used.add(value)
        options.append({"value": value, "label": label})
    return options


@transaction.atomic
def survey_question_save(
    *, actor: User, survey: Survey, code: str | None, section: str, kind: str, text: str,
    required: bool, profile: bool, choices: list[str],
) -> Question:  # fmt: skip
    """Save one question: ``code`` None adds it at the end. ``choices`` are the labels of
    a choice question, one per line as typed."""
    require_edit_program(actor, survey.activity.program)
    _version, rows = _current(survey)
    i = _index(rows, code) if code else None
    old = rows[i]["options"] if i is not None and rows[i]["kind"] != Question.Kind.LIKERT else []
    if code is None:
        code = _next_free(
            "q", Question.objects.filter(version__survey=survey).values_list("code", flat=True)
        )
    is_choice = kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE)
    row = {
        "code": code, "section": section, "kind": kind, "text": text, "required": required,
        "profile": profile,
        "options": choice_options(survey=survey, code=code, labels=choices, old=old) if is_choice else [],
    }  # fmt: skip
    if i is None:
        rows.append(row)
    else:
        rows[i] = row
    version = survey_questions_save(actor=actor, survey=survey, questions=rows)
    return version.questions.get(code=code)


@transaction.atomic
def survey_question_move(*, actor: User, survey: Survey, code: str, step: int) -> SurveyVersion:
    """Move a question up (``step`` −1) or down (+1); at either end nothing changes."""
    require_edit_program(actor, survey.activity.program)
    version, rows = _current(survey)
    i = _index(rows, code)
    j = i + (1 if step > 0 else -1)
    if not 0 <= j < len(rows):
        return version
    rows[i], rows[j] = rows[j], rows[i]
    return survey_questions_save(actor=actor, survey=survey, questions=rows)


@transaction.atomic
def survey_question_delete(*, actor: User, survey: Survey, code: str) -> SurveyVersion:
    """Remove a question (answers already given to it stay in the earlier version)."""
    require_edit_program(actor, survey.activity.program)
    _version, rows = _current(survey)
    del rows[_index(rows, code)]
    return survey_questions_save(actor=actor, survey=survey, questions=rows)
