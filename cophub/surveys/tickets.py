"""Tickets of attendees-only surveys: only checked-in people answer, and nobody can tell
whose answer is whose (docs/surveys.md, "Attendees-only surveys").

A ticket ``T`` is 256 random bits, handed at the activity's gate to the device of a
participant whose registration is attended, in an HttpOnly cookie scoped to the survey's
respondent path. The server never keeps ``T``, only three hashes of it, each for one job
and none computable from another:

- ``valid_digest(T)`` in ``SurveyTicket``: this survey accepts answers with ``T``;
- ``respondent_for(T)`` as the response's ``respondent``: a second submission with ``T``
  updates its own answer (the unique respondent per survey makes it one answer a ticket);
- ``redeemed_digest(T)`` in ``RedeemedCompletion``: this answer marked a registration
  "answered" once.

The submission writes nothing but the response: no ticket row is touched, so no
transaction ties a response to the issuing one. The registration's flags are set by
rewriting every attended registration of the activity (``_mark``), so neither row order
nor a transaction id in a dump tells which one changed. Nothing here writes a time or an
audit row.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid

from django.db import transaction
from django.db.models import Case, F, Value, When
from django.urls import reverse

from cophub.accounts.models import User
from cophub.core.errors import DomainError
from cophub.programs.models import Registration
from cophub.surveys.clients import MAX_AGE, cookie_age
from cophub.surveys.models import RedeemedCompletion, Response, Survey, SurveyTicket

COOKIE = "cophub_ticket"
_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)


def _hash(purpose: bytes, ticket: str) -> bytes:
    return hashlib.sha256(b"cophub/survey-ticket/" + purpose + b"\0" + ticket.encode()).digest()


def valid_digest(ticket: str) -> str:
    return _hash(b"valid", ticket).hex()


def respondent_for(ticket: str) -> uuid.UUID:
    return uuid.UUID(bytes=_hash(b"respondent", ticket)[:16], version=4)


def redeemed_digest(ticket: str) -> str:
    return _hash(b"redeemed", ticket).hex()


def rate_key(ticket: str) -> str:
    """The rate limiter's device key: neither the ticket nor the response's respondent, so
    a cache entry (with its expiry) dates no stored answer."""
    return _hash(b"rate", ticket).hex()[:32]


# --- on the device ----------------------------------------------------------------------
def ticket_from(request) -> str | None:
    ticket = request.COOKIES.get(COOKIE, "")
    return ticket if _SHAPE.fullmatch(ticket) else None


def cookie_path(survey: Survey) -> str:
    return reverse("surveys:respond", args=[survey.token])


def give_ticket(request, response, survey: Survey, ticket: str) -> None:
    """Only the survey's own pages (answer, thanks, done) ever receive the ticket back,
    and only while the survey is open (``clients.cookie_age``). Without a closing time it
    is kept as long as a browser keeps a cookie (``MAX_AGE``), not the device id's week:
    a ticket is never issued twice, so a lost one is an attendee who can no longer
    answer. The survey's pages give it again on each visit with a valid ticket, so its
    age runs from the last visit."""
    response.set_cookie(
        COOKIE, ticket, max_age=cookie_age(survey, default=MAX_AGE), path=cookie_path(survey),
        httponly=True, samesite="Lax", secure=request.is_secure(),
    )  # fmt: skip


# --- reads ------------------------------------------------------------------------------
def ticket_valid(survey: Survey, ticket: str | None) -> bool:
    if not ticket:
        return False
    return SurveyTicket.objects.filter(survey_id=survey.pk, digest=valid_digest(ticket)).exists()


def ticket_answered(survey: Survey, ticket: str) -> bool:
    return Response.objects.filter(survey_id=survey.pk, respondent=respondent_for(ticket)).exists()


def ticket_counted(survey: Survey, ticket: str) -> bool:
    return RedeemedCompletion.objects.filter(
        survey_id=survey.pk, digest=redeemed_digest(ticket)
    ).exists()


# --- writes -----------------------------------------------------------------------------
def _locked_survey(survey: Survey) -> Survey:
    """Ticket issues and answered marks of one survey take turns on its row, so two of
    them never rewrite the same registrations at once (``_mark``). FOR NO KEY UPDATE:
    responses, which only reference the row, are not held up."""
    locked = Survey.objects.select_for_update(no_key=True).get(pk=survey.pk)
    if not locked.attendees_only:
        raise DomainError("not_found")
    return locked


def _own_registration(user: User, survey: Survey) -> Registration:
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .filter(activity_id=survey.activity_id, person__user_id=user.pk)
        .first()
    )
    if registration is None:
        raise DomainError("survey_not_registered")
    return registration


def _mark(registration: Registration, field: str) -> None:
    """Set ``field`` on ``registration`` by rewriting every attended registration of its
    activity in one statement. PostgreSQL writes a new version of each row it updates;
    updating one row would leave it last in the table and with its own transaction id,
    which a dump or the data files could line up with the order of the responses."""
    Registration.objects.filter(
        activity_id=registration.activity_id, status=Registration.Status.ATTENDED
    ).update(**{field: Case(When(pk=registration.pk, then=Value(True)), default=F(field))})
    setattr(registration, field, True)


@transaction.atomic
def survey_ticket_issue(*, user: User, survey: Survey) -> str:
    """A ticket for the attended ``user`` to answer ``survey``, once per registration.

    A second ticket is never issued, not even for a lost cookie: the server cannot know
    whether the first one answered (that is the point), so another would be a second
    answer. No audit row: its time would date the ticket (docs/surveys.md).
    """
    survey = _locked_survey(survey)
    state = survey.state()
    if state != "open":
        raise DomainError(f"survey_{state}")
    registration = _own_registration(user, survey)
    if registration.status != Registration.Status.ATTENDED:
        raise DomainError("survey_not_attended")
    if registration.survey_ticket_issued:
        raise DomainError("survey_ticket_issued_elsewhere")
    ticket = secrets.token_urlsafe(32)
    SurveyTicket.objects.create(survey=survey, digest=valid_digest(ticket))
    _mark(registration, "survey_ticket_issued")
    return ticket


@transaction.atomic
def survey_completion_redeem(*, user: User, survey: Survey, ticket: str | None) -> bool:
    """Mark ``user``'s registration "answered" with the ticket whose answer is stored.
    True when it is marked now, False when it was marked already. One answer marks one
    registration; nothing records which, or when."""
    survey = _locked_survey(survey)
    if not ticket_valid(survey, ticket):
        raise DomainError("survey_ticket_required")
    if not ticket_answered(survey, ticket):
        raise DomainError("survey_not_answered")
    registration = _own_registration(user, survey)
    if registration.survey_answered:
        return False
    if registration.status != Registration.Status.ATTENDED:
        raise DomainError("survey_not_attended")
    if not registration.survey_ticket_issued:
        raise DomainError("survey_ticket_required")
    if ticket_counted(survey, ticket):
        raise DomainError("survey_completion_used")
    RedeemedCompletion.objects.create(survey=survey, digest=redeemed_digest(ticket))
    _mark(registration, "survey_answered")
    return True
