"""Organiser pages for an activity's survey: build, schedule, QR and poster, live results, export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cophub.core.errors import DomainError
from cophub.core.views import form_error, raise_for
from cophub.programs.models import Activity
from cophub.surveys import qr, selectors, services
from cophub.surveys.forms import QuestionFormSet, ScoringForm, SurveySettingsForm, question_initial
from cophub.surveys.models import Response, Survey
from cophub.surveys.permissions import can_manage_survey, can_see_results


def _activity(request, activity_id: int, *, manage: bool) -> Activity:
    activity = get_object_or_404(Activity.objects.select_related("program"), pk=activity_id)
    allowed = (
        can_manage_survey(request.user, activity)
        if manage
        else can_see_results(request.user, activity)
    )
    if not allowed:
        raise PermissionDenied
    return activity


def _survey(activity: Activity) -> Survey:
    survey = Survey.objects.filter(activity=activity).first()
    if survey is None:
        raise Http404
    return survey


def manage(request, activity_id: int):
    activity = _activity(request, activity_id, manage=True)
    survey = Survey.objects.filter(activity=activity).first()
    if survey is None:
        return render(
            request,
            "surveys/manage_empty.html",
            {"activity": activity, "program": activity.program},
        )
    version = survey.current_version
    takes_registrations = services.activity_takes_registrations(activity)
    answered = Response.objects.filter(survey=survey).exists()
    settings_form = SurveySettingsForm(
        request.POST if "save_settings" in request.POST else None,
        initial={
            "title": survey.title,
            "intro": survey.intro,
            "opens_at": survey.opens_at,
            "closes_at": survey.closes_at,
            "attendees_only": survey.attendees_only,
        },
        attendees_only_fixed=answered or not (takes_registrations or survey.attendees_only),
    )
    questions = QuestionFormSet(
        request.POST if "save_questions" in request.POST else None,
        initial=question_initial(version.questions.all()),
        prefix="q",
    )
    levels, percent = selectors.scoring_of(activity.program_id)
    scoring = ScoringForm(
        request.POST if "save_scoring" in request.POST else None,
        initial={"levels": levels, "percent": percent},
    )
    if request.method == "POST":
        try:
            if "save_settings" in request.POST and settings_form.is_valid():
                services.survey_update(
                    actor=request.user, survey=survey, **settings_form.cleaned_data
                )
                messages.success(request, _("Survey saved."))
                return redirect("surveys:manage", activity.pk)
            if "save_questions" in request.POST and questions.is_valid():
                saved = services.survey_questions_save(
                    actor=request.user, survey=survey, questions=questions.questions()
                )
                messages.success(
                    request, _("Questions saved (version %(n)s).") % {"n": saved.number}
                )
                return redirect("surveys:manage", activity.pk)
            if "save_scoring" in request.POST and scoring.is_valid():
                services.scoring_policy_set(
                    actor=request.user, program=activity.program, **scoring.cleaned_data
                )
                messages.success(request, _("Scoring saved for the whole program."))
                return redirect("surveys:manage", activity.pk)
        except DomainError as exc:
            form_error(settings_form, exc)
    return render(
        request,
        "surveys/manage.html",
        {
            "activity": activity, "program": activity.program, "survey": survey, "version": version,
            "frozen": version.is_frozen, "settings_form": settings_form, "questions": questions,
            "scoring": scoring, "respondent_url": qr.respondent_url(survey),
            "takes_registrations": takes_registrations, "answered": answered,
        },
    )  # fmt: skip


@require_POST
def create(request, activity_id: int):
    activity = _activity(request, activity_id, manage=True)
    try:
        services.survey_create(actor=request.user, activity=activity)
    except DomainError as exc:
        raise_for(exc)
        messages.error(request, exc.message)
    return redirect("surveys:manage", activity.pk)


def qr_image(request, activity_id: int, kind: str):
    survey = _survey(_activity(request, activity_id, manage=True))
    if kind == "png":
        return HttpResponse(qr.qr_png(survey), content_type="image/png")
    return HttpResponse(qr.qr_svg(survey), content_type="image/svg+xml")


def poster(request, activity_id: int):
    survey = _survey(_activity(request, activity_id, manage=True))
    response = HttpResponse(qr.poster_pdf(survey), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="survey-poster-{activity_id}.pdf"'
    return response


def results(request, activity_id: int):
    activity = _activity(request, activity_id, manage=False)
    survey = _survey(activity)
    results = selectors.survey_results(survey=survey)
    comments = [] if results.withheld else selectors.survey_comments(survey=survey)
    return render(
        request,
        "surveys/results.html",
        {"activity": activity, "program": activity.program, "survey": survey,
         "results": results, "can_manage": can_manage_survey(request.user, activity),
         "comments": comments},
    )  # fmt: skip


def results_live(request, activity_id: int):
    """The part of the results page that refreshes itself (htmx polls it every second)."""
    activity = _activity(request, activity_id, manage=False)
    survey = _survey(activity)
    return render(
        request, "surveys/_results_body.html", {"results": selectors.survey_results(survey=survey)}
    )


@require_POST
def export_job(request, activity_id: int):
    """Start writing every answer to CSV or XLSX; show the job's progress."""
    activity = get_object_or_404(Activity.objects.select_related("program"), pk=activity_id)
    try:
        job = services.survey_export_start(
            actor=request.user, activity=activity, fmt=request.POST.get("format", "")
        )
    except DomainError as exc:
        raise_for(exc)
        # Too few answers to export (attendees-only): the results page, saying so.
        messages.error(request, exc.message)
        page = results(request, activity_id)
        page.status_code = exc.status
        return page
    return redirect("jobs:detail", job_id=job.pk)
