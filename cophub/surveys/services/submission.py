"""Storing a respondent's answers: one statement on the hot path, retried when the survey
changes under it; a device or client replaces its earlier answer."""

from __future__ import annotations

import enum
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from cophub.core.errors import DomainError, Problem
from cophub.ops.metrics import record_submission
from cophub.surveys import clients, hotpath, tallies, tickets
from cophub.surveys.answers import clean_answers
from cophub.surveys.models import Response, Survey
from cophub.surveys.selectors import current_questions, fresh_submission_survey


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
# A phone's clock this far ahead of ours is still taken as right (the check-in's rule too).
CLOCK_SKEW = timedelta(minutes=5)


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
    made_at: datetime | None = None,
) -> tuple[Response, bool]:
    """Record one respondent's answers; return (response, created).

    The same ``client_id`` again is a replay: nothing is added (idempotent); it is
    stored hashed with the survey (``clients.client_key``), so ``response.client_id`` is
    not the caller's. The same ``respondent`` (the device's id for this survey,
    ``clients.respondent_for``) again updates that device's earlier response. An
    attendees-only survey takes only answers with a valid ``ticket``, which then is the
    respondent (``tickets.respondent_for``), and stores the day of the answer, not its time.
    ``survey`` may be a few seconds old (``selectors.submission_survey``): the insert
    itself re-checks that it is open and unchanged; when it is not, the survey is read
    again and the answers checked again. A refusal (closed, invalid) is only ever given
    on a survey read during this call. Counted in the metrics as stored, replay or
    refused (docs/deploy.md, Operations), except on attendees-only surveys.
    ``made_at``: when an answer kept on an offline phone was made; stored only when
    plausible (``plausible_made_at``) and only by the insert: an edit keeps the first.
    """
    # Stored per survey (``clients.client_key``): one client's id in two surveys is two
    # unrelated ids in the table, and the same id again here still finds its row.
    client_id = clients.client_key(survey, client_id)
    fresh = False  # has ``survey`` been read from the database during this call?
    for _try in range(ATTEMPTS):
        made = plausible_made_at(survey, made_at, now or timezone.now())
        attempt = _submit_once(survey, client_id, answers, respondent, now, ticket, made)
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


def plausible_made_at(survey: Survey, made_at: datetime | None, now: datetime) -> datetime | None:
    """The time an offline answer was made, if the phone's clock can be believed: not after
    now (a few minutes' skew allowed, then taken as now) and not before the survey began to
    take answers. Otherwise None, and the answer counts as made when it arrived: a wrong
    clock is the phone's fault, and refusing would lose an answer nobody can fix. Never
    for an attendees-only survey, which keeps the day of an answer only."""
    if made_at is None or survey.attendees_only:
        return None
    if timezone.is_naive(made_at):
        made_at = timezone.make_aware(made_at)  # the phone's local time, like ours
    began = max((t for t in (survey.published_at, survey.opens_at) if t), default=None)
    if made_at > now + CLOCK_SKEW or (began is not None and made_at < began):
        return None
    return min(made_at, now)


def _submit_once(survey, client_id, answers, respondent, now, ticket=None, made_at=None) -> Attempt:
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
        answers=clean, cells=cells, stored_at=stored_at, made_at=made_at,
    )  # fmt: skip
    if inserted is not None:
        pk, at = inserted
        response = Response(
            pk=pk, survey=survey, version=version, client_id=client_id, respondent=respondent,
            answers=clean, submitted_at=at, updated_at=at, made_at=made_at,
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
