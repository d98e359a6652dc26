"""Writes that build a survey: from the template, questions (versioned), schedule and
settings, the scoring policy."""

from __future__ import annotations

import json
import re
from pathlib import Path

from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from cophub.accounts.models import User
from cophub.core.audit import audit_record
from cophub.core.errors import DomainError, Problem
from cophub.programs.models import Activity, Program
from cophub.programs.permissions import require_edit_program
from cophub.surveys.answers import likert_options
from cophub.surveys.models import (
    Question,
    Response,
    ScoringPolicy,
    Survey,
    SurveyTemplate,
    SurveyVersion,
)
from cophub.surveys.selectors import template_organizations
from cophub.surveys.services.lifecycle import survey_publish

_CODE = re.compile(r"[a-z][a-z0-9_-]{0,19}")
STANDARD_TEMPLATE = Path(__file__).resolve().parent.parent / "data" / "standard-th.json"
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


@transaction.atomic
def survey_create(
    *, actor: User, activity: Activity, template: SurveyTemplate | None = None,
    copy_from: Activity | None = None, publish: bool = False,
) -> Survey:  # fmt: skip
    """A survey for ``activity``: from the standard Thai government satisfaction template,
    an organisation's ``template``, or the survey of an earlier activity (``copy_from``,
    one the actor may edit). A draft until it is published (``publish`` does it now)."""
    require_edit_program(actor, activity.program)
    if template is not None and copy_from is not None:
        raise DomainError("survey_source_conflict")
    if Survey.objects.filter(activity=activity).exists():
        raise DomainError("survey_exists")
    if copy_from is not None:
        intro, questions = _copied(actor, copy_from)
        source = {"copied_from": copy_from.pk}
    elif template is not None:
        if template.organization_id not in template_organizations(actor, activity.program):
            raise DomainError("permission_denied")
        intro, questions, source = template.intro, template.questions, {"template": template.pk}
    else:
        standard = standard_template()
        intro, questions, source = standard["intro"], standard["questions"], {}
    survey = Survey.objects.create(activity=activity, title=activity.title, intro=intro)
    _new_version(survey, 1, _question_rows(questions))
    audit_record(
        actor=actor, action="survey.created", instance=survey,
        changes={"activity": activity.pk, **source},
    )  # fmt: skip
    if publish:
        survey_publish(actor=actor, survey=survey)
    return survey


def _copied(actor: User, source: Activity) -> tuple[str, list[dict]]:
    """The introduction and current questions of ``source``'s survey, codes and choice
    values kept, so the two activities' answers compare item by item."""
    require_edit_program(actor, source.program)
    survey = Survey.objects.filter(activity=source).first()
    if survey is None:
        raise DomainError("survey_source_missing")
    rows = [
        {f: getattr(q, f) for f in QUESTION_FIELDS}
        for q in survey.current_version.questions.order_by("position")
    ]
    return survey.intro, rows


@transaction.atomic
def survey_questions_save(*, actor: User, survey: Survey, questions: list[dict]) -> SurveyVersion:
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


def activity_takes_registrations(activity: Activity) -> bool:
    """Has the activity a registration policy (the participants app) or registrations? By
    the reverse relation's name: surveys may not import the participants app."""
    return Activity.objects.filter(
        Q(registration_policy__isnull=False) | Q(registrations__isnull=False), pk=activity.pk
    ).exists()


_SETTINGS_FIELDS = ("title", "intro", "opens_at", "closes_at", "attendees_only")
_FRESH_FIELDS = (
    *_SETTINGS_FIELDS, "published_at", "current_version_id", "questions_revision", "token",
)  # fmt: skip


@transaction.atomic
def survey_update(
    *, actor: User, survey: Survey, title: str, intro: str, opens_at, closes_at,
    attendees_only: bool | None = None,
) -> Survey:  # fmt: skip
    """Edit the settings. ``attendees_only`` (None: unchanged) needs an activity that takes
    registrations, and can change only while nobody has answered: answers already given
    without a ticket could not be counted against the attendees."""
    require_edit_program(actor, survey.activity.program)
    if opens_at and closes_at and closes_at <= opens_at:
        raise DomainError("survey_closes_before_opening")
    # The caller's copy may be stale (a publish or a new question version since it was
    # read): take the row's current values under its lock, and write back only the
    # settings, so nothing else is put back as it was.
    fresh = Survey.objects.select_for_update().get(pk=survey.pk)
    for name in _FRESH_FIELDS:
        setattr(survey, name, getattr(fresh, name))
    if attendees_only is None:
        attendees_only = survey.attendees_only
    if attendees_only != survey.attendees_only:
        if attendees_only and not activity_takes_registrations(survey.activity):
            raise DomainError("survey_attendees_need_registration")
        if Response.objects.filter(survey=survey).exists():
            raise DomainError("survey_attendees_locked")
    before = {
        "title": survey.title,
        "intro": survey.intro,
        "opens_at": str(survey.opens_at),
        "closes_at": str(survey.closes_at),
        "attendees_only": survey.attendees_only,
    }
    survey.title, survey.intro, survey.opens_at, survey.closes_at = (
        title,
        intro,
        opens_at,
        closes_at,
    )
    survey.attendees_only = attendees_only
    survey.save(update_fields=_SETTINGS_FIELDS)
    after = {
        "title": title, "intro": intro, "opens_at": str(opens_at), "closes_at": str(closes_at),
        "attendees_only": attendees_only,
    }  # fmt: skip
    audit_record(
        actor=actor, action="survey.updated", instance=survey,
        changes={k: [before[k], v] for k, v in after.items() if before[k] != v},
    )  # fmt: skip
    return survey


@transaction.atomic
def scoring_policy_set(
    *, actor: User, program: Program, levels: str, percent: str
) -> ScoringPolicy:
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
