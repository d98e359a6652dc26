"""Checking a respondent's answers against the version's questions.

Every problem is reported per question code, in the respondent's language; a valid
set of answers comes back normalised (Likert as int 1–5, choices as option values).
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from cophub.core.thai import RATING_LEVELS, arabic_digits
from cophub.surveys.models import Question

LIKERT_LABELS = {score: word for score, _key, word in RATING_LEVELS}  # 5 → มากที่สุด … 1
MAX_LENGTH = {Question.Kind.SHORT_TEXT: 200, Question.Kind.LONG_TEXT: 2000}
MAX_ANSWERS = 200
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def likert_options() -> list[dict]:
    return [{"value": v, "label": label} for v, label in LIKERT_LABELS.items()]


def _likert(value):
    if isinstance(value, str) and arabic_digits(value.strip()) in {"1", "2", "3", "4", "5"}:
        return int(arabic_digits(value.strip()))
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
        return value
    raise ValueError(_("choose a rating from 1 to 5"))


def _single(question: Question, value):
    allowed = {str(o["value"]) for o in question.options}
    if not isinstance(value, str | int) or isinstance(value, bool) or str(value) not in allowed:
        raise ValueError(_("choose one of the options"))
    return str(value)


def _multiple(question: Question, value):
    allowed = {str(o["value"]) for o in question.options}
    values = value if isinstance(value, list) else [value]
    if not all(isinstance(v, str | int) and not isinstance(v, bool) for v in values):
        raise ValueError(_("choose from the options"))
    chosen = [str(v) for v in values]
    if not set(chosen) <= allowed:
        raise ValueError(_("choose from the options"))
    return sorted(set(chosen), key=chosen.index)


def _text(question: Question, value):
    if not isinstance(value, str):
        raise ValueError(_("must be text"))
    # Control characters (other than tab and newlines) and lone surrogates say nothing and
    # break spreadsheets and databases: drop them.
    text = _CONTROL.sub("", value).strip()
    limit = MAX_LENGTH[question.kind]
    if len(text) > limit:
        raise ValueError(_("is too long (at most %(n)d characters)") % {"n": limit})
    return text


def _blank(value) -> bool:
    return value is None or value == "" or value == []


def clean_answers(questions: list[Question], raw) -> tuple[dict, dict[str, str]]:
    """Return (answers, errors). ``errors`` maps a question code (or "answers") to a message."""
    if not isinstance(raw, dict):
        return {}, {"answers": _("must be an object of question code → answer")}
    if len(raw) > MAX_ANSWERS:
        return {}, {"answers": _("has too many entries")}
    by_code = {q.code: q for q in questions}
    errors: dict[str, str] = {}
    answers: dict = {}
    for code in raw:
        if code not in by_code:
            errors[str(code)[:40]] = _("is not a question of this survey")
    for q in questions:
        value = raw.get(q.code)
        if _blank(value):
            if q.required:
                errors[q.code] = _("please answer this question")
            continue
        try:
            if q.kind == Question.Kind.LIKERT:
                answers[q.code] = _likert(value)
            elif q.kind == Question.Kind.SINGLE:
                answers[q.code] = _single(q, value)
            elif q.kind == Question.Kind.MULTIPLE:
                answers[q.code] = _multiple(q, value)
            else:
                text = _text(q, value)
                if text:
                    answers[q.code] = text
                elif q.required:
                    errors[q.code] = _("please answer this question")
        except ValueError as exc:
            errors[q.code] = str(exc)
    return answers, errors
