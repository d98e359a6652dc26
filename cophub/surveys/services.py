"""Writes for surveys: build from the template, edit questions (versioned), schedule,
submit answers, choose the scoring policy."""

from __future__ import annotations

import json
import re
import time
import uuid
from collections import Counter
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cophub.core.audit import audit_record
from cophub.core.db import write_lock
from cophub.core.errors import DomainError, Problem
from cophub.ops.metrics import record_submission
from cophub.programs.models import Activity, Program
from cophub.programs.permissions import require_edit_program
from cophub.surveys import hotpath, tallies
from cophub.surveys.answers import clean_answers, likert_options
from cophub.surveys.models import Question, Response, ScoringPolicy, Survey, SurveyVersion

_CODE = re.compile(r"[a-z][a-z0-9_-]{0,19}")
STANDARD_TEMPLATE = Path(__file__).resolve().parent / "data" / "standard-th.json"
QUESTION_FIELDS = ("code", "section", "kind", "text", "required", "options", "profile")


def standard_template() -> dict:
    return json.loads(STANDARD_TEMPLATE.read_text(encoding="utf-8"))


def _question_rows(questions: list[dict]) -> list[dict]:
    rows = []
    for q in questions:
        row = {
            "code": q["code"],
            "section": q.get("section", ""),
            "kind": q["kind"],
            "text": q["text"],
            "required": q.get("required", True),
            "options": q.get("options") or [],
            "profile": q.get("profile", False),
        }
        if row["kind"] == Question.Kind.LIKERT:
            row["options"] = likert_options()
        rows.append(row)
    return rows


def _check_questions(rows: list[dict]) -> None:
    problems = []
    codes = [r["code"] for r in rows]
    for i, r in enumerate(rows):
        if not _CODE.fullmatch(r["code"]):  # "_n" and "_word" name tally cells
            problems.append(Problem(f"questions[{i}].code", _("must start with a letter")))
        if codes.count(r["code"]) > 1:
            problems.append(Problem(f"questions[{i}].code", _("is used twice")))
        if r["kind"] in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) and len(r["options"]) < 2:
            problems.append(Problem(f"questions[{i}].options", _("needs at least two options")))
    if not rows:
        problems.append(Problem("questions", _("a survey needs at least one question")))
    if problems:
        raise DomainError("invalid_questions", problems=problems)


def _new_version(survey: Survey, number: int, rows: list[dict]) -> SurveyVersion:
    version = SurveyVersion.objects.create(survey=survey, number=number)
    Question.objects.bulk_create(
        Question(version=version, position=i, **row) for i, row in enumerate(rows, 1)
    )
    _questions_changed(survey, version)
    return version


def _questions_changed(survey: Survey, version: SurveyVersion) -> None:
    Survey.objects.filter(pk=survey.pk).update(
        current_version=version, questions_revision=F("questions_revision") + 1
    )
    survey.refresh_from_db(fields=["current_version", "questions_revision"])


# Questions of (version id, revision): immutable, so every server process may keep them.
_QUESTIONS: dict[tuple[str, int, int], list[Question]] = {}


def current_questions(survey: Survey) -> tuple[SurveyVersion, list[Question]]:
    """The version respondents answer now and its questions, cached per process."""
    # The token is random per survey, so a recycled row id can never pick up another's questions.
    key = (survey.token, survey.current_version_id, survey.questions_revision)
    questions = _QUESTIONS.get(key)
    if questions is None:
        questions = list(
            Question.objects.filter(version_id=survey.current_version_id).select_related("version")
        )
        if len(_QUESTIONS) > 512:
            _QUESTIONS.clear()
        _QUESTIONS[key] = questions
    return questions[0].version, questions


@transaction.atomic
def survey_create(*, actor, activity: Activity) -> Survey:
    """A survey for ``activity`` from the standard Thai government satisfaction template."""
    require_edit_program(actor, activity.program)
    if Survey.objects.filter(activity=activity).exists():
        raise DomainError("survey_exists")
    template = standard_template()
    survey = Survey.objects.create(activity=activity, title=activity.title, intro=template["intro"])
    _new_version(survey, 1, _question_rows(template["questions"]))
    audit_record(
        actor=actor, action="survey.created", instance=survey, changes={"activity": activity.pk}
    )
    return survey


@transaction.atomic
def survey_questions_save(*, actor, survey: Survey, questions: list[dict]) -> SurveyVersion:
    """Replace the questions. Once anyone has answered, the old questions stay as they were
    and the new ones become the next version."""
    require_edit_program(actor, survey.activity.program)
    rows = _question_rows(questions)
    _check_questions(rows)
    current = (
        SurveyVersion.objects.select_for_update().filter(survey=survey).order_by("-number").first()
    )
    before = [
        {f: getattr(q, f) for f in QUESTION_FIELDS} for q in current.questions.order_by("position")
    ]
    if before == rows:
        return current
    if current.is_frozen:
        version = _new_version(survey, current.number + 1, rows)
    else:
        current.questions.all().delete()
        Question.objects.bulk_create(
            Question(version=current, position=i, **row) for i, row in enumerate(rows, 1)
        )
        _questions_changed(survey, current)
        version = current
    audit_record(
        actor=actor, action="survey.questions.updated", instance=survey,
        changes={"version": version.number, "questions": [[before], [rows]]},
    )  # fmt: skip
    return version


@transaction.atomic
def survey_update(*, actor, survey: Survey, title: str, intro: str, opens_at, closes_at) -> Survey:
    require_edit_program(actor, survey.activity.program)
    if opens_at and closes_at and closes_at <= opens_at:
        raise DomainError("survey_closes_before_opening")
    before = {
        "title": survey.title,
        "intro": survey.intro,
        "opens_at": str(survey.opens_at),
        "closes_at": str(survey.closes_at),
    }
    survey.title, survey.intro, survey.opens_at, survey.closes_at = (
        title,
        intro,
        opens_at,
        closes_at,
    )
    survey.save()
    after = {"title": title, "intro": intro, "opens_at": str(opens_at), "closes_at": str(closes_at)}
    audit_record(
        actor=actor, action="survey.updated", instance=survey,
        changes={k: [before[k], v] for k, v in after.items() if before[k] != v},
    )  # fmt: skip
    return survey


@transaction.atomic
def scoring_policy_set(*, actor, program: Program, levels: str, percent: str) -> ScoringPolicy:
    require_edit_program(actor, program)
    policy, _ = ScoringPolicy.objects.get_or_create(program=program)
    changes = {}
    if policy.levels != levels:
        changes["levels"] = [policy.levels, levels]
    if policy.percent != percent:
        changes["percent"] = [policy.percent, percent]
    policy.levels, policy.percent = levels, percent
    policy.save()
    if changes:
        audit_record(actor=actor, action="scoring_policy.updated", instance=policy, changes=changes)
    return policy


def survey_submit(
    *,
    survey: Survey,
    client_id: uuid.UUID,
    answers: dict,
    respondent: uuid.UUID | None = None,
    now=None,
) -> tuple[Response, bool]:
    """Record one respondent's answers; return (response, created). Counted in the
    metrics as stored, replay or refused (docs/deploy.md, Operations)."""
    try:
        response, created = _submit(
            survey=survey, client_id=client_id, answers=answers, respondent=respondent, now=now
        )
    except DomainError:
        record_submission("refused")
        raise
    record_submission("stored" if created else "replay")
    return response, created


def _submit(*, survey, client_id, answers, respondent, now) -> tuple[Response, bool]:
    """Record one respondent's answers; return (response, created).

    The same ``client_id`` again is a replay: nothing is added (idempotent). The same
    ``respondent`` (browser cookie) again updates that device's earlier response.
    ``survey`` may be a few seconds old (see ``submission_survey``): the insert itself
    re-checks that it is open and unchanged, and on a mismatch the survey is read
    again and the answers checked again.
    """
    fresh = False  # has ``survey`` been read from the database during this call?
    for attempt in range(4):
        state = survey.state(now)
        version, questions = current_questions(survey)
        clean, errors = clean_answers(questions, answers) if state == "open" else ({}, {})
        if (state != "open" or errors) and not fresh:
            # Judge a refusal on the survey as it is now, not as remembered.
            forget_submission_survey(survey.token)
            survey = Survey.objects.get(pk=survey.pk)  # a fresh copy: the old one may be shared
            fresh = True
            continue
        if state != "open":
            raise DomainError(f"survey_{state}")
        if errors:
            raise DomainError(
                "invalid_answers", problems=[Problem(k, v) for k, v in errors.items()]
            )
        cells = tallies.answer_cells(questions, clean)
        try:
            with write_lock():
                inserted = hotpath.insert_response(
                    survey=survey, version_id=version.pk, client_id=client_id,
                    respondent=respondent, answers=clean, cells=cells,
                )  # fmt: skip
                if inserted is not None:
                    pk, at = inserted
                    response = Response(
                        pk=pk, survey=survey, version=version, client_id=client_id, respondent=respondent,
                        answers=clean, submitted_at=at, updated_at=at,
                    )  # fmt: skip
                    return response, True
                if hotpath.survey_unchanged(survey):
                    return _update_existing(
                        survey, version, questions, client_id, respondent, clean, cells
                    )
        except IntegrityError:
            pass  # raced with another request for the same client or device: look again
        forget_submission_survey(survey.token)
        survey = Survey.objects.get(pk=survey.pk)
        fresh = True
        if attempt == 3:
            raise DomainError("survey_changed")
    raise AssertionError("unreachable")


# Surveys as the submission path last read them, for a few seconds (checked again by the insert).
_SUBMISSION_SURVEYS: dict[str, tuple[float, Survey]] = {}
SUBMISSION_SURVEY_SECONDS = 5.0


def submission_survey(token: str) -> Survey | None:
    """The survey with this token, remembered for a few seconds per server process."""
    now = time.monotonic()
    hit = _SUBMISSION_SURVEYS.get(token)
    if hit and now - hit[0] < SUBMISSION_SURVEY_SECONDS:
        return hit[1]
    survey = Survey.objects.filter(token=token).first()
    if survey is not None:
        if len(_SUBMISSION_SURVEYS) > 1000:
            _SUBMISSION_SURVEYS.clear()
        _SUBMISSION_SURVEYS[token] = (now, survey)
    return survey


def forget_submission_survey(token: str) -> None:
    _SUBMISSION_SURVEYS.pop(token, None)


def forget_all() -> None:
    """Drop every per-process memory of surveys and questions (tests start clean)."""
    _SUBMISSION_SURVEYS.clear()
    _QUESTIONS.clear()


@transaction.atomic
def _update_existing(survey, version, questions, client_id, respondent, answers, cells):
    rows = Response.objects.select_for_update().filter(survey=survey)
    existing = next(iter(rows.filter(client_id=client_id)[:1]), None)
    if existing is None and respondent is not None:
        existing = next(iter(rows.filter(respondent=respondent)[:1]), None)
    if existing is None:  # the conflicting row went away meanwhile: insert after all
        raise IntegrityError("response vanished; retry")
    if existing.answers == answers and existing.version_id == version.pk:
        return existing, False
    if existing.tallied:
        # Its old cells are in Tally already: take them out; the new ones fold in later.
        tallies.apply(survey.pk, tallies.difference(Counter(), tallies.from_json(existing.cells)))
    existing.answers, existing.version = answers, version
    existing.cells, existing.tallied = tallies.to_json(cells), False
    existing.updated_at = timezone.now()
    existing.save(update_fields=["answers", "version", "cells", "tallied", "updated_at"])
    return existing, False
