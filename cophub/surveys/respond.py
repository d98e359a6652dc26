"""The respondent's pages, opened from the QR code: no login, no JavaScript, light.

An attendees-only survey takes the ticket its device got at the activity's gate
(``tickets.py``) instead of the device cookie, and its pages leave no line in the logs
(``quiet``): a logged time is a time that could be lined up with a check-in.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from cophub.core.errors import DomainError
from cophub.core.ratelimit import client_address
from cophub.surveys import tickets
from cophub.surveys.clients import client_allowed, remember_respondent, respondent_of
from cophub.surveys.models import Question, Survey
from cophub.surveys.selectors import current_questions, device_answers, gate_code_of
from cophub.surveys.services import survey_submit


def quiet(request, response):
    """Keep this request out of the logs: the access line (``ops.middleware``) and
    Django's warning for a 4xx, which carries the time. Errors (5xx) are still logged."""
    request.unlogged = True
    if response.status_code < 500:
        response._has_been_logged = True
    return response


def _raw_answers(request, questions: list[Question]) -> dict:
    answers = {}
    for q in questions:
        if q.kind == Question.Kind.MULTIPLE:
            answers[q.code] = request.POST.getlist(q.code)
        else:
            answers[q.code] = request.POST.get(q.code, "")
    return answers


def _render(
    request, survey, *, questions, answers, errors=None, message=None, status=200, remember=True
):
    response = render(
        request,
        "surveys/respond.html",
        {
            "survey": survey,
            "activity": survey.activity,
            "questions": questions,
            "answers": answers,
            "errors": errors or {},
            "message": message,
            "client_id": uuid.uuid4(),
        },
        status=status,
    )
    if remember:
        remember_respondent(request, response, respondent_of(request) or uuid.uuid4())
    return response


def _closed(request, survey, state: str, status: int):
    return render(
        request, "surveys/respond_closed.html", {"survey": survey, "state": state}, status=status
    )


@login_not_required
@never_cache
def respond(request, token: str):
    survey = get_object_or_404(Survey.objects.select_related("activity__program"), token=token)
    if survey.attendees_only:
        return quiet(request, _respond_with_ticket(request, survey))
    state = survey.state()
    if state != "open":
        return _closed(request, survey, state, 409 if request.method == "POST" else 200)
    _version, questions = current_questions(survey)
    if request.method != "POST":
        answers = device_answers(survey=survey, respondent=respondent_of(request))
        return _render(request, survey, questions=questions, answers=answers)
    answers = _raw_answers(request, questions)
    respondent = respondent_of(request)
    device = str(respondent or request.POST.get("client_id", ""))
    if not client_allowed(survey, device, client_address(request)):
        error = DomainError("rate_limited")
        return _render(
            request, survey, questions=questions, answers=answers, message=error.message, status=429
        )
    try:
        client_id = uuid.UUID(request.POST.get("client_id", ""))
    except ValueError:
        client_id = uuid.uuid4()
    try:
        survey_submit(survey=survey, client_id=client_id, answers=answers, respondent=respondent)
    except DomainError as exc:
        if exc.code in ("survey_closed", "survey_not_open"):
            return _closed(request, survey, exc.code[7:], 409)
        errors = {p.path: p.message for p in exc.problems}
        return _render(
            request,
            survey,
            questions=questions,
            answers=answers,
            errors=errors,
            message=exc.message,
            status=400,
        )
    return redirect("surveys:thanks", token=survey.token)


def _no_ticket(request, survey, error: DomainError):
    return render(
        request,
        "surveys/respond_ticket.html",
        {"survey": survey, "message": error.message, "gate_code": gate_code_of(survey.activity)},
        status=error.status,
    )


def _respond_with_ticket(request, survey):
    """The same page for an attendees-only survey: the device's ticket is its respondent,
    and without a valid one the page says how to get one."""
    state = survey.state()
    if state != "open":
        return _closed(request, survey, state, 409 if request.method == "POST" else 200)
    ticket = tickets.ticket_from(request)
    if not tickets.ticket_valid(survey, ticket):
        return _no_ticket(request, survey, DomainError("survey_ticket_required"))
    _version, questions = current_questions(survey)
    form = {"questions": questions, "remember": False}
    if request.method != "POST":
        answers = device_answers(survey=survey, respondent=tickets.respondent_for(ticket))
        return _render(request, survey, answers=answers, **form)
    answers = _raw_answers(request, questions)
    if not client_allowed(survey, tickets.rate_key(ticket), client_address(request)):
        message = DomainError("rate_limited").message
        return _render(request, survey, answers=answers, message=message, status=429, **form)
    try:
        client_id = uuid.UUID(request.POST.get("client_id", ""))
    except ValueError:
        client_id = uuid.uuid4()
    try:
        survey_submit(survey=survey, client_id=client_id, answers=answers, ticket=ticket)
    except DomainError as exc:
        if exc.code in ("survey_closed", "survey_not_open"):
            return _closed(request, survey, exc.code[7:], 409)
        if exc.code == "survey_ticket_required":
            return _no_ticket(request, survey, exc)
        errors = {p.path: p.message for p in exc.problems}
        return _render(
            request, survey, answers=answers, errors=errors, message=exc.message, status=400,
            **form,
        )  # fmt: skip
    return redirect("surveys:thanks", token=survey.token)


@login_not_required
@never_cache
def thanks(request, token: str):
    survey = get_object_or_404(Survey.objects.select_related("activity"), token=token)
    if not survey.attendees_only:
        return render(request, "surveys/respond_thanks.html", {"survey": survey})
    return quiet(request, _thanks_with_ticket(request, survey))


def _thanks_with_ticket(request, survey, *, error: DomainError | None = None):
    """After answering, the device may record for its logged-in owner *that* they
    answered (for the response rate and certificates): the "done" button."""
    ticket = tickets.ticket_from(request)
    answered = tickets.ticket_valid(survey, ticket) and tickets.ticket_answered(survey, ticket)
    context = {
        "survey": survey,
        "answered": answered,
        "counted": answered and tickets.ticket_counted(survey, ticket),
        "error": error.message if error else None,
    }
    status = error.status if error else 200
    return render(request, "surveys/respond_thanks.html", context, status=status)


@never_cache
def complete(request, token: str):
    """POST: mark the logged-in user's registration answered with this device's ticket.
    Not ``login_not_required``: a visitor logs in first and comes back to the thanks page."""
    survey = get_object_or_404(Survey.objects.select_related("activity"), token=token)
    if request.method != "POST" or not survey.attendees_only:
        return quiet(request, redirect("surveys:thanks", token=survey.token))
    return quiet(request, _complete(request, survey))


def _complete(request, survey):
    try:
        tickets.survey_completion_redeem(
            user=request.user, survey=survey, ticket=tickets.ticket_from(request)
        )
    except DomainError as exc:
        return _thanks_with_ticket(request, survey, error=exc)
    return redirect("surveys:thanks", token=survey.token)
