"""Writes for surveys: build from the template, edit questions (versioned), schedule,
submit answers, choose the scoring policy."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from cophub.core.audit import audit_record
from cophub.core.errors import DomainError, Problem
from cophub.programs.models import Activity, Program
from cophub.programs.permissions import require_edit_program
from cophub.surveys import tallies
from cophub.surveys.answers import clean_answers, likert_options
from cophub.surveys.models import Question, Response, ScoringPolicy, Survey, SurveyVersion

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
        if codes.count(r["code"]) > 1:
            problems.append(Problem(f"questions[{i}].code", "duplicate code"))
        if r["kind"] in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) and len(r["options"]) < 2:
            problems.append(Problem(f"questions[{i}].options", "needs at least two options"))
    if not rows:
        problems.append(Problem("questions", "a survey needs at least one question"))
    if problems:
        raise DomainError("invalid_questions", problems=problems)


def _new_version(survey: Survey, number: int, rows: list[dict]) -> SurveyVersion:
    version = SurveyVersion.objects.create(survey=survey, number=number)
    Question.objects.bulk_create(
        Question(version=version, position=i, **row) for i, row in enumerate(rows, 1)
    )
    return version


@transaction.atomic
def survey_create(*, actor, activity: Activity) -> Survey:
    """A survey for ``activity`` from the standard Thai government satisfaction template."""
    require_edit_program(actor, activity.program)
    if Survey.objects.filter(activity=activity).exists():
        raise DomainError("survey_exists")
    template = standard_template()
    survey = Survey.objects.create(activity=activity, title=activity.title, intro=template["intro"])
    _new_version(survey, 1, _question_rows(template["questions"]))
    audit_record(actor=actor, action="create", instance=survey, changes={"activity": activity.pk})
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
        version = current
    audit_record(
        actor=actor, action="update", instance=survey,
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
        actor=actor, action="update", instance=survey,
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
        audit_record(actor=actor, action="update", instance=policy, changes=changes)
    return policy


def survey_submit(
    *,
    survey: Survey,
    client_id: uuid.UUID,
    answers: dict,
    respondent: uuid.UUID | None = None,
    now=None,
) -> tuple[Response, bool]:
    """Record one respondent's answers; return (response, created).

    The same ``client_id`` again is a replay: nothing is added (idempotent). The same
    ``respondent`` (browser cookie) again updates that device's earlier response. The
    running tallies move in the same transaction, so results always match the rows.
    """
    state = survey.state(now)
    if state != "open":
        raise DomainError(f"survey_{state}")
    try:
        return _submit(survey, client_id, answers, respondent)
    except IntegrityError:
        # Another request with the same client or device won the race: retry as an update.
        return _submit(survey, client_id, answers, respondent)


@transaction.atomic
def _submit(survey, client_id, raw_answers, respondent) -> tuple[Response, bool]:
    version = survey.versions.order_by("-number").first()
    questions = list(version.questions.all())
    answers, errors = clean_answers(questions, raw_answers)
    if errors:
        raise DomainError("invalid_answers", problems=[Problem(k, v) for k, v in errors.items()])
    existing = (
        Response.objects.select_for_update().filter(survey=survey, client_id=client_id).first()
    )
    if existing is None and respondent is not None:
        existing = (
            Response.objects.select_for_update()
            .filter(survey=survey, respondent=respondent)
            .first()
        )
    cells = tallies.answer_cells(questions, answers)
    words = tallies.comment_cells(questions, answers)
    if existing is None:
        response = Response.objects.create(
            survey=survey,
            version=version,
            client_id=client_id,
            respondent=respondent,
            answers=answers,
        )
        tallies.apply(survey.pk, cells, words)
        return response, True
    if existing.answers == answers and existing.version_id == version.pk:
        return existing, False
    old_questions = (
        questions if existing.version_id == version.pk else list(existing.version.questions.all())
    )
    old_cells = tallies.answer_cells(old_questions, existing.answers)
    old_words = tallies.comment_cells(old_questions, existing.answers)
    existing.answers, existing.version = answers, version
    existing.updated_at = timezone.now()
    existing.save(update_fields=["answers", "version", "updated_at"])
    tallies.apply(
        survey.pk, tallies.difference(cells, old_cells), tallies.difference(words, old_words)
    )
    return existing, False
