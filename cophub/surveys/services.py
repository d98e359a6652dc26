"""Writes for surveys: build from the template, edit questions (versioned), schedule,
submit answers, choose the scoring policy."""

from __future__ import annotations

import enum
import json
import re
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cophub.accounts.models import User
from cophub.core.audit import audit_record
from cophub.core.errors import DomainError, Problem
from cophub.jobs.models import Job
from cophub.jobs.services import job_start
from cophub.ops.metrics import record_submission
from cophub.programs.models import Activity, Program
from cophub.programs.permissions import require_edit_program
from cophub.surveys import hotpath, selectors, tallies, tickets
from cophub.surveys.answers import clean_answers, likert_options
from cophub.surveys.models import Question, Response, ScoringPolicy, Survey, SurveyVersion
from cophub.surveys.permissions import can_see_results
from cophub.surveys.selectors import current_questions, fresh_submission_survey

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


@transaction.atomic
def survey_create(*, actor: User, activity: Activity) -> Survey:
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
    survey.save()
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


class Outcome(enum.Enum):
    """What one try at storing a submission came to."""

    INSERTED = "inserted"  # a new response
    REPLAY = "replay"  # this client or device sent these very answers already: nothing written
    UPDATED_DEVICE = "updated_device"  # the earlier answer of this client or device replaced
    SURVEY_CHANGED = "survey_changed"  # the survey closed or changed since it was read
    CONFLICT_GONE = "conflict_gone"  # the row the insert ran into was deleted before it was read
    CLOSED = "closed"  # the survey is not open (yet, or any more)
    INVALID = "invalid"  # the answers do not fit the questions
    NO_TICKET = "no_ticket"  # an attendees-only survey, and no valid ticket of it


@dataclass(frozen=True)
class Attempt:
    outcome: Outcome
    response: Response | None = None
    refusal: DomainError | None = None  # for CLOSED, INVALID and NO_TICKET


# Each change of the survey under a submission costs one more try; four changes within
# one request (a few milliseconds) means an organiser is saving in a loop.
ATTEMPTS = 4


def _count(survey: Survey, outcome: str) -> None:
    # Not for attendees-only surveys: a metric's time series dates each answer.
    if not survey.attendees_only:
        record_submission(outcome)


def survey_submit(
    *,
    survey: Survey,
    client_id: uuid.UUID,
    answers: dict,
    respondent: uuid.UUID | None = None,
    ticket: str | None = None,
    now=None,
) -> tuple[Response, bool]:
    """Record one respondent's answers; return (response, created).

    The same ``client_id`` again is a replay: nothing is added (idempotent). The same
    ``respondent`` (browser cookie) again updates that device's earlier response. An
    attendees-only survey takes only answers with a valid ``ticket``, which then is the
    respondent (``tickets.respondent_for``), and stores the day of the answer, not its time.
    ``survey`` may be a few seconds old (``selectors.submission_survey``): the insert
    itself re-checks that it is open and unchanged; when it is not, the survey is read
    again and the answers checked again. A refusal (closed, invalid) is only ever given
    on a survey read during this call. Counted in the metrics as stored, replay or
    refused (docs/deploy.md, Operations), except on attendees-only surveys.
    """
    fresh = False  # has ``survey`` been read from the database during this call?
    for _try in range(ATTEMPTS):
        attempt = _submit_once(survey, client_id, answers, respondent, now, ticket=ticket)
        match attempt.outcome:
            case Outcome.INSERTED:
                _count(survey, "stored")
                return attempt.response, True
            case Outcome.REPLAY | Outcome.UPDATED_DEVICE:
                _count(survey, "replay")
                return attempt.response, False
            case Outcome.CLOSED | Outcome.INVALID | Outcome.NO_TICKET if fresh:
                _count(survey, "refused")
                raise attempt.refusal
            case Outcome.CLOSED | Outcome.INVALID | Outcome.NO_TICKET:
                pass  # judged on a remembered survey: judge again on the survey as it is now
            case Outcome.SURVEY_CHANGED:
                pass  # read it again and check the answers against what it asks now
            case Outcome.CONFLICT_GONE:
                continue  # nothing is in the way any more: the next insert goes through
        survey, fresh = fresh_submission_survey(survey), True
    _count(survey, "refused")
    raise DomainError("survey_changed")


def day_of(moment):
    """Midnight (local time) of the day of ``moment``: what attendees-only surveys store
    instead of the time of an answer, so it cannot be lined up with a check-in."""
    return timezone.localtime(moment).replace(hour=0, minute=0, second=0, microsecond=0)


def _submit_once(survey, client_id, answers, respondent, now, ticket=None) -> Attempt:
    """Check the answers against ``survey`` as given and try to store them, once."""
    state = survey.state(now)
    if state != "open":
        return Attempt(Outcome.CLOSED, refusal=DomainError(f"survey_{state}"))
    stored_at = None
    if ticket is not None:
        respondent = tickets.respondent_for(ticket)
    if survey.attendees_only:
        if not tickets.ticket_valid(survey, ticket):
            return Attempt(Outcome.NO_TICKET, refusal=DomainError("survey_ticket_required"))
        stored_at = day_of(now or timezone.now())
    version, questions = current_questions(survey)
    clean, errors = clean_answers(questions, answers)
    if errors:
        problems = [Problem(k, v) for k, v in errors.items()]
        return Attempt(Outcome.INVALID, refusal=DomainError("invalid_answers", problems=problems))
    cells = tallies.answer_cells(questions, clean)
    inserted = hotpath.insert_response(
        survey=survey, version_id=version.pk, client_id=client_id, respondent=respondent,
        answers=clean, cells=cells, stored_at=stored_at,
    )  # fmt: skip
    if inserted is not None:
        pk, at = inserted
        response = Response(
            pk=pk, survey=survey, version=version, client_id=client_id, respondent=respondent,
            answers=clean, submitted_at=at, updated_at=at,
        )  # fmt: skip
        return Attempt(Outcome.INSERTED, response)
    # Nothing written: either the survey moved on, or this client or device answered before.
    if not hotpath.survey_unchanged(survey):
        return Attempt(Outcome.SURVEY_CHANGED)
    return _update_existing(survey, version, client_id, respondent, clean, cells, stored_at)


@transaction.atomic
def _update_existing(
    survey, version, client_id, respondent, answers, cells, stored_at=None
) -> Attempt:
    rows = Response.objects.select_for_update().filter(survey=survey)
    existing = None
    # A ticket's answer is found by its ticket alone: a client_id, which is not secret
    # from whoever reads the table, must not let one ticket overwrite another's answer.
    if not survey.attendees_only:
        existing = next(iter(rows.filter(client_id=client_id)[:1]), None)
    if existing is None and respondent is not None:
        existing = next(iter(rows.filter(respondent=respondent)[:1]), None)
    if existing is None:
        return Attempt(Outcome.CONFLICT_GONE)
    if existing.answers == answers and existing.version_id == version.pk:
        return Attempt(Outcome.REPLAY, existing)
    if existing.tallied:
        # Its old cells are in Tally already: take them out; the new ones fold in later.
        tallies.apply(survey.pk, tallies.difference(Counter(), tallies.from_json(existing.cells)))
    existing.answers, existing.version = answers, version
    existing.cells, existing.tallied = tallies.to_json(cells), False
    # An UPDATE rather than save(): save() would stamp ``updated_at`` (auto_now) with the
    # exact time, which an attendees-only survey must not keep.
    existing.updated_at = stored_at or timezone.now()
    Response.objects.filter(pk=existing.pk).update(
        answers=existing.answers, version=version, cells=existing.cells, tallied=False,
        updated_at=existing.updated_at,
    )  # fmt: skip
    return Attempt(Outcome.UPDATED_DEVICE, existing)


def survey_export_start(*, actor: User, activity: Activity, fmt: str) -> Job:
    """Write every answer of the activity's survey to CSV or XLSX in the background. The
    answers hold free text, so only those who may see the results may export them."""
    if not can_see_results(actor, activity):
        raise DomainError("permission_denied")
    if fmt not in ("csv", "xlsx"):
        raise DomainError("not_found")
    survey = Survey.objects.filter(activity=activity).only("pk", "attendees_only").first()
    if survey is None:
        raise DomainError("not_found")
    if survey.attendees_only and (
        Response.objects.filter(survey=survey).count() < selectors.MIN_RESPONDENTS
    ):
        raise DomainError("survey_too_few_answers")
    return job_start(
        actor=actor, kind="surveys.export", params={"survey_id": survey.pk, "format": fmt},
        subject=activity.title, back_url=reverse("surveys:manage", args=[activity.pk]),
    )  # fmt: skip
