"""Organiser pages for an activity's survey: build, schedule, QR and poster, live results, export."""

from __future__ import annotations

import re

from django.conf import settings as django_settings
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
from cophub.surveys.forms import (
    QuestionForm,
    ScoringForm,
    SurveySettingsForm,
    SurveyStartForm,
    TemplateSaveForm,
)
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
    survey = Survey.objects.filter(activity=activity).select_related("current_version").first()
    if survey is None:
        return _start_page(request, activity)
    survey.activity = activity
    if request.method == "POST":
        return _manage_post(request, activity, survey)
    code = request.GET.get("edit", "")
    question_form = None
    if code:
        question = survey.current_version.questions.filter(code=code).first()
        question_form = (
            QuestionForm(initial=QuestionForm.initial_of(question)) if question else None
        )
    elif request.GET.get("add"):
        question_form = QuestionForm(initial={"required": True})
    return manage_page(request, activity, survey, question_form=question_form, question_code=code)


def _manage_post(request, activity, survey):
    """The settings and the scoring forms post here (the questions have their own views)."""
    settings_form = _settings_form(request, survey)
    scoring = _scoring_form(request, activity)
    try:
        if "save_settings" in request.POST and settings_form.is_valid():
            services.survey_update(actor=request.user, survey=survey, **settings_form.cleaned_data)
            messages.success(request, _("Survey saved."))
            return redirect("surveys:manage", activity.pk)
        if "save_scoring" in request.POST and scoring.is_valid():
            services.scoring_policy_set(
                actor=request.user, program=activity.program, **scoring.cleaned_data
            )
            messages.success(request, _("Scoring saved for the whole program."))
            return redirect("surveys:manage", activity.pk)
    except DomainError as exc:
        form_error(settings_form, exc)
    return manage_page(
        request, activity, survey, settings_form=settings_form, scoring=scoring, status=400
    )


def _settings_form(request, survey: Survey) -> SurveySettingsForm:
    answered = Response.objects.filter(survey=survey).exists()
    takes_registrations = services.activity_takes_registrations(survey.activity)
    return SurveySettingsForm(
        request.POST if "save_settings" in request.POST else None,
        initial={
            "title": survey.title, "intro": survey.intro, "opens_at": survey.opens_at,
            "closes_at": survey.closes_at, "attendees_only": survey.attendees_only,
        },
        attendees_only_fixed=answered or not (takes_registrations or survey.attendees_only),
    )  # fmt: skip


def _scoring_form(request, activity: Activity) -> ScoringForm:
    levels, percent = selectors.scoring_of(activity.program_id)
    return ScoringForm(
        request.POST if "save_scoring" in request.POST else None,
        initial={"levels": levels, "percent": percent},
    )


def manage_page(
    request, activity, survey, *, settings_form=None, scoring=None, question_form=None,
    question_code: str = "", status: int = 200,
):  # fmt: skip
    """The survey page: its state and QR code, the questions (one of them, or a new one,
    open in its form when ``question_form``), the settings and the scoring."""
    settings_form = settings_form or _settings_form(request, survey)
    forms_with_errors = [
        f for f in (settings_form, question_form, scoring) if f is not None and f.errors
    ]
    return render(
        request,
        "surveys/manage.html",
        {
            "activity": activity, "program": activity.program, "survey": survey,
            "version": survey.current_version, "frozen": survey.current_version.is_frozen,
            "settings_form": settings_form, "scoring": scoring or _scoring_form(request, activity),
            "questions": selectors.editor_questions(survey),
            "question_form": question_form, "question_code": question_code,
            "error_forms": forms_with_errors,
            "template_form": TemplateSaveForm(initial={"title": survey.title}),
            "respondent_url": qr.respondent_url(survey),
            "served_elsewhere": selectors.served_elsewhere(request),
            "site_url": django_settings.SITE_URL,
            "takes_registrations": services.activity_takes_registrations(activity),
            "answered": Response.objects.filter(survey=survey).exists(),
        },
        status=status,
    )  # fmt: skip


def _start_page(request, activity: Activity, form: SurveyStartForm | None = None, status=200):
    form = form or SurveyStartForm(
        templates=selectors.survey_templates_for(request.user, activity),
        activities=selectors.copy_sources_for(request.user, activity),
    )
    return render(
        request,
        "surveys/manage_empty.html",
        {"activity": activity, "program": activity.program, "form": form},
        status=status,
    )


@require_POST
def create(request, activity_id: int):
    activity = _activity(request, activity_id, manage=True)
    form = SurveyStartForm(
        request.POST,
        templates=selectors.survey_templates_for(request.user, activity),
        activities=selectors.copy_sources_for(request.user, activity),
    )
    if not form.is_valid():
        return _start_page(request, activity, form, status=400)
    try:
        services.survey_create(actor=request.user, activity=activity, **form.sources())
    except DomainError as exc:
        raise_for(exc)
        messages.error(request, exc.message)
    return redirect("surveys:manage", activity.pk)


@require_POST
def publish(request, activity_id: int):
    """Open the survey ("เปิดรับคำตอบ") or, with ``close``, close it now ("ปิดรับคำตอบตอนนี้")."""
    activity = _activity(request, activity_id, manage=True)
    survey = _survey(activity)
    survey.activity = activity
    closing = "close" in request.POST
    try:
        if closing:
            services.survey_close(actor=request.user, survey=survey)
            messages.success(request, _("The survey no longer takes answers."))
        else:
            services.survey_publish(actor=request.user, survey=survey)
            messages.success(request, _("The survey is open for answers."))
    except DomainError as exc:
        raise_for(exc)
        messages.error(request, exc.message)
    return redirect("surveys:manage", activity.pk)


@require_POST
def template_save(request, activity_id: int):
    activity = _activity(request, activity_id, manage=True)
    survey = _survey(activity)
    survey.activity = activity
    form = TemplateSaveForm(request.POST)
    if form.is_valid():
        try:
            template = services.survey_template_save(
                actor=request.user, survey=survey, title=form.cleaned_data["title"]
            )
            messages.success(
                request,
                _("Saved as a template of %(organization)s.")
                % {"organization": template.organization},
            )
        except DomainError as exc:
            raise_for(exc)
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Give the template a name."))
    return redirect("surveys:manage", activity.pk)


# The QR code and the poster hold only the public link, and the projector (open to the
# program's facilitators) shows the QR code: whoever sees the results may fetch them.
def qr_image(request, activity_id: int, kind: str):
    survey = _survey(_activity(request, activity_id, manage=False))
    if kind == "png":
        return HttpResponse(qr.qr_png(survey), content_type="image/png")
    return HttpResponse(qr.qr_svg(survey), content_type="image/svg+xml")


def poster(request, activity_id: int):
    survey = _survey(_activity(request, activity_id, manage=False))
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


# ASCII digits only (str.isdigit() takes "²", which int() refuses), and few enough that
# int() never meets a number past its digit limit: anything else is an unknown count.
_SEEN = re.compile(r"[0-9]{1,9}")


def results_live(request, activity_id: int):
    """The part of the results page that refreshes itself (htmx polls it every second).
    ``seen`` is the count the page shows: the screen reader's live region is told only
    when it changed, not at every poll."""
    activity = _activity(request, activity_id, manage=False)
    survey = _survey(activity)
    if survey.attendees_only:  # no live refresh for these (docs/surveys.md)
        raise Http404
    results = selectors.survey_results(survey=survey)
    seen = _SEEN.fullmatch(request.GET.get("seen", ""))
    return render(
        request, "surveys/_results_live.html",
        {"activity": activity, "results": results,
         "announce": seen is not None and int(seen[0]) != results.responses},
    )  # fmt: skip


def projector(request, activity_id: int):
    """The live results for the hall's screen: the whole width, large type, the QR code."""
    activity = _activity(request, activity_id, manage=False)
    survey = _survey(activity)
    if survey.attendees_only:  # no live refresh for these (docs/surveys.md)
        return redirect("surveys:results", activity.pk)
    return render(
        request, "surveys/projector.html",
        {"activity": activity, "survey": survey,
         "results": selectors.survey_results(survey=survey)},
    )  # fmt: skip


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
