"""The respondent's pages, opened from the QR code: no login, no JavaScript, light."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from cophub.core.errors import DomainError
from cophub.surveys.clients import client_allowed, remember_respondent, respondent_of
from cophub.surveys.models import Question, Survey
from cophub.surveys.selectors import current_questions, device_answers
from cophub.surveys.services import survey_submit


def _raw_answers(request, questions: list[Question]) -> dict:
    answers = {}
    for q in questions:
        if q.kind == Question.Kind.MULTIPLE:
            answers[q.code] = request.POST.getlist(q.code)
        else:
            answers[q.code] = request.POST.get(q.code, "")
    return answers


def _render(request, survey, *, questions, answers, errors=None, message=None, status=200):
    respondent = respondent_of(request) or uuid.uuid4()
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
    remember_respondent(request, response, respondent)
    return response


@login_not_required
@never_cache
def respond(request, token: str):
    survey = get_object_or_404(Survey.objects.select_related("activity__program"), token=token)
    state = survey.state()
    if state != "open":
        status = 409 if request.method == "POST" else 200
        return render(
            request,
            "surveys/respond_closed.html",
            {"survey": survey, "state": state},
            status=status,
        )
    _version, questions = current_questions(survey)
    if request.method != "POST":
        answers = device_answers(survey=survey, respondent=respondent_of(request))
        return _render(request, survey, questions=questions, answers=answers)
    answers = _raw_answers(request, questions)
    respondent = respondent_of(request)
    device = str(respondent or request.POST.get("client_id", ""))
    if not client_allowed(survey, device, request.META.get("REMOTE_ADDR", "")):
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
            return render(
                request,
                "surveys/respond_closed.html",
                {"survey": survey, "state": exc.code[7:]},
                status=409,
            )
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


@login_not_required
def thanks(request, token: str):
    survey = get_object_or_404(Survey.objects.select_related("activity"), token=token)
    return render(request, "surveys/respond_thanks.html", {"survey": survey})
