"""The respondent's pages, opened from the QR code: no login, no JavaScript, light.

An attendees-only survey takes the ticket its device got at the activity's gate
(``tickets.py``) instead of the device cookie, and its pages leave no line in the logs
(``quiet``): a logged time is a time that could be lined up with a check-in.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cophub.core.errors import DomainError
from cophub.core.ratelimit import client_address
from cophub.surveys import clients, tickets
from cophub.surveys.kiosk import kiosk_valid
from cophub.surveys.models import Question, Survey
from cophub.surveys.selectors import current_questions, device_answers, gate_code_of
from cophub.surveys.services import survey_submit

# Seconds the kiosk's thank-you stays before the empty form is back for the next person.
KIOSK_THANKS_SECONDS = 5


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


def _client_id(request) -> uuid.UUID:
    try:
        return uuid.UUID(request.POST.get("client_id", ""))
    except ValueError:
        return uuid.uuid4()


def _render(
    request, survey, *, questions, answers, errors=None, message=None, status=200,
    device: str | None = None, answered=False, start_new=False, kiosk=False,
):  # fmt: skip
    """The form. ``device``: this survey's device value, kept on the phone again (its
    cookie's age runs from now); ``answered``: the answers shown are this device's
    stored ones, and the page says so (with "not you?" where ``start_new``)."""
    response = render(
        request,
        "surveys/respond.html",
        {
            "survey": survey, "activity": survey.activity, "questions": questions,
            "answers": answers, "errors": errors or {}, "message": message,
            "client_id": uuid.uuid4(), "answered": answered, "start_new": start_new,
            "kiosk": kiosk,
        },
        status=status,
    )  # fmt: skip
    if device is not None:
        clients.remember_device(request, response, survey, device)
    return response


def _closed(request, survey, state: str, status: int):
    # A draft is not public yet: a 409 even to a look, as the API answers it.
    status = 409 if survey.is_draft else status
    return render(
        request, "surveys/respond_closed.html", {"survey": survey, "state": state}, status=status
    )


def _survey(token: str) -> Survey:
    return get_object_or_404(Survey.objects.select_related("activity__program"), token=token)


def _device_to_show(request, survey) -> tuple[str, dict]:
    """This survey's device value and the answers it gave. A device without the survey's
    own cookie but with the old site-wide one keeps the answer it gave under that
    (which the migration re-keyed to this survey); any other gets a new value."""
    value = clients.device_value(request)
    if value is None:
        legacy = clients.legacy_value(request)
        if legacy is not None:
            earlier = device_answers(
                survey=survey, respondent=clients.respondent_for(survey, legacy)
            )
            if earlier:
                return legacy, earlier
        return clients.new_device_value(), {}
    return value, device_answers(survey=survey, respondent=clients.respondent_for(survey, value))


@login_not_required
@never_cache
def respond(request, token: str):
    survey = _survey(token)
    if survey.attendees_only:
        return quiet(request, _respond_with_ticket(request, survey))
    state = survey.state()
    if state != "open":
        return _closed(request, survey, state, 409 if request.method == "POST" else 200)
    _version, questions = current_questions(survey)
    if request.method != "POST":
        device, answers = _device_to_show(request, survey)
        return _render(
            request, survey, questions=questions, answers=answers, device=device,
            answered=bool(answers), start_new=bool(answers),
        )  # fmt: skip
    answers = _raw_answers(request, questions)
    client_id = _client_id(request)
    # No cookie at all (cookies off, or a script): each post is its own response, and
    # only the address limit holds it back.
    device = clients.device_value(request) or clients.legacy_value(request)
    respondent = clients.respondent_for(survey, device) if device else None
    rate_key = clients.rate_key(survey, device) if device else f"c:{client_id}"
    form = {"questions": questions, "answers": answers, "device": device}
    if not clients.client_allowed(survey, rate_key, client_address(request)):
        return _render(
            request, survey, message=DomainError("rate_limited").message, status=429, **form
        )
    try:
        survey_submit(survey=survey, client_id=client_id, answers=answers, respondent=respondent)
    except DomainError as exc:
        if exc.code in ("survey_closed", "survey_not_open"):
            return _closed(request, survey, exc.code[7:], 409)
        errors = {p.path: p.message for p in exc.problems}
        return _render(request, survey, errors=errors, message=exc.message, status=400, **form)
    response = redirect("surveys:thanks", token=survey.token)
    if device:
        clients.remember_device(request, response, survey, device)
    return response


@login_not_required
@require_POST
def start_new(request, token: str):
    """ "Not you?": this device forgets its id for the survey and gets a new one, so the
    form is empty and the next submission is a new response. The earlier answer stays:
    it is someone else's. POST with the CSRF token: a link could not do it behind the
    respondent's back."""
    survey = _survey(token)
    if survey.attendees_only:  # a ticket is the respondent: it cannot be swapped
        return quiet(request, redirect("surveys:respond", token=survey.token))
    response = redirect("surveys:respond", token=survey.token)
    response.status_code = 303
    clients.remember_device(request, response, survey, clients.new_device_value())
    return response


@login_not_required
@never_cache
def kiosk(request, token: str, signature: str):
    """The survey on a shared tablet: no cookie read or set, nothing prefilled, every
    submission a response of its own (``kiosk.py``)."""
    survey = _survey(token)
    if not kiosk_valid(survey, signature):
        raise Http404
    state = survey.state()
    if state != "open":
        return _closed(request, survey, state, 409 if request.method == "POST" else 200)
    _version, questions = current_questions(survey)
    if request.method != "POST":
        return _render(request, survey, questions=questions, answers={}, kiosk=True)
    answers = _raw_answers(request, questions)
    form = {"questions": questions, "answers": answers, "kiosk": True}
    if not clients.kiosk_allowed(survey, client_address(request)):
        return _render(
            request, survey, message=DomainError("rate_limited").message, status=429, **form
        )
    try:
        survey_submit(survey=survey, client_id=_client_id(request), answers=answers)
    except DomainError as exc:
        if exc.code in ("survey_closed", "survey_not_open"):
            return _closed(request, survey, exc.code[7:], 409)
        errors = {p.path: p.message for p in exc.problems}
        return _render(request, survey, errors=errors, message=exc.message, status=400, **form)
    return redirect("surveys:kiosk_thanks", token=survey.token, signature=signature)


@login_not_required
@never_cache
def kiosk_thanks(request, token: str, signature: str):
    survey = _survey(token)
    if not kiosk_valid(survey, signature):
        raise Http404
    context = {
        "survey": survey, "activity": survey.activity, "kiosk": True,
        "kiosk_seconds": KIOSK_THANKS_SECONDS,
    }  # fmt: skip
    return render(request, "surveys/respond_thanks.html", context)


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
    response = _answer_with_ticket(request, survey, ticket)
    if response.status_code != 403:  # 403: the ticket was refused after all
        tickets.give_ticket(request, response, survey, ticket)  # its age runs from now
    return response


def _answer_with_ticket(request, survey, ticket: str):
    _version, questions = current_questions(survey)
    if request.method != "POST":
        answers = device_answers(survey=survey, respondent=tickets.respondent_for(ticket))
        return _render(
            request, survey, questions=questions, answers=answers, answered=bool(answers)
        )
    answers = _raw_answers(request, questions)
    form = {"questions": questions, "answers": answers}
    if not clients.client_allowed(survey, tickets.rate_key(ticket), client_address(request)):
        message = DomainError("rate_limited").message
        return _render(request, survey, message=message, status=429, **form)
    try:
        survey_submit(survey=survey, client_id=_client_id(request), answers=answers, ticket=ticket)
    except DomainError as exc:
        if exc.code in ("survey_closed", "survey_not_open"):
            return _closed(request, survey, exc.code[7:], 409)
        if exc.code == "survey_ticket_required":
            return _no_ticket(request, survey, exc)
        errors = {p.path: p.message for p in exc.problems}
        return _render(request, survey, errors=errors, message=exc.message, status=400, **form)
    return redirect("surveys:thanks", token=survey.token)


@login_not_required
@never_cache
def thanks(request, token: str):
    survey = _survey(token)
    if not survey.attendees_only:
        context = {"survey": survey, "activity": survey.activity}
        return render(request, "surveys/respond_thanks.html", context)
    return quiet(request, _thanks_with_ticket(request, survey))


def _thanks_with_ticket(request, survey, *, error: DomainError | None = None):
    """After answering, the device may record for its logged-in owner *that* they
    answered (for the response rate and certificates): the "done" button."""
    ticket = tickets.ticket_from(request)
    answered = tickets.ticket_valid(survey, ticket) and tickets.ticket_answered(survey, ticket)
    context = {
        "survey": survey,
        "activity": survey.activity,
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
