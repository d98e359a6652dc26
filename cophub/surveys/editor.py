"""The organiser's question editor: a list of questions, each moved, edited, added or
removed on its own. With htmx each action swaps one list item (or the list); without
JavaScript the same forms post and the manage page comes back, so it works either way."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from cophub.core.errors import DomainError
from cophub.core.views import form_error, raise_for
from cophub.programs.models import Activity
from cophub.surveys import selectors, services
from cophub.surveys.forms import QuestionForm
from cophub.surveys.models import Question, Survey
from cophub.surveys.permissions import can_manage_survey
from cophub.surveys.views import manage_page

# Validation errors answer 422, which the editor's htmx swaps in (htmx-config meta tag in
# manage.html); every other 4xx/5xx is left on the page as it was.
INVALID = 422


def _htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def managed_survey(request, activity_id: int) -> tuple[Activity, Survey]:
    activity = get_object_or_404(Activity.objects.select_related("program"), pk=activity_id)
    if not can_manage_survey(request.user, activity):
        raise PermissionDenied
    survey = Survey.objects.filter(activity=activity).select_related("current_version").first()
    if survey is None:
        raise Http404
    survey.activity = activity
    return activity, survey


def _question(survey: Survey, code: str) -> Question:
    question = survey.current_version.questions.filter(code=code).first()
    if question is None:
        raise Http404
    return question


def _manage_url(activity: Activity, anchor: str = "questions") -> str:
    return reverse("surveys:manage", args=[activity.pk]) + f"#{anchor}"


def _list(request, activity, survey, error: str = ""):
    return render(
        request, "surveys/_questions.html",
        {"activity": activity, "survey": survey, "list_error": error,
         "questions": selectors.editor_questions(survey)},
    )  # fmt: skip


def _form(request, activity, survey, form, code: str | None, status=200):
    return render(
        request, "surveys/_question_form.html",
        {"activity": activity, "survey": survey, "form": form, "code": code,
         "inline_summary": True, "error_forms": [form] if form.errors else []},
        status=status,
    )  # fmt: skip


def _invalid(request, activity, survey, form, code: str | None):
    """The form again with its errors: the fragment for htmx, the whole page without."""
    if _htmx(request):
        return _form(request, activity, survey, form, code, status=INVALID)
    return manage_page(
        request, activity, survey, question_form=form, question_code=code or "", status=400
    )


@require_GET
def question_item(request, activity_id: int, question: str):
    """One question as the list shows it (the editor's "cancel")."""
    code = question
    activity, survey = managed_survey(request, activity_id)
    if not _htmx(request):
        return redirect(_manage_url(activity, f"q-{code}"))
    return render(
        request, "surveys/_question.html",
        {"activity": activity, "survey": survey, "q": _question(survey, code)},
    )  # fmt: skip


def question_edit(request, activity_id: int, question: str | None = None):
    """GET: the question's form in place of its list item; POST: save it. No ``question``:
    a new question, added at the end. ``question``: its code (never shown, only in URLs)."""
    code = question
    activity, survey = managed_survey(request, activity_id)
    current = _question(survey, code) if code else None
    if request.method != "POST":
        if not _htmx(request):
            key = f"edit={code}" if code else "add=1"
            return redirect(reverse("surveys:manage", args=[activity.pk]) + f"?{key}#question-form")
        initial = QuestionForm.initial_of(current) if current else {"required": True}
        return _form(request, activity, survey, QuestionForm(initial=initial), code)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        return _invalid(request, activity, survey, form, code)
    data = form.cleaned_data
    try:
        saved = services.survey_question_save(
            actor=request.user, survey=survey, code=code, section=data["section"],
            kind=data["kind"], text=data["text"], required=data["required"],
            profile=data["profile"], choices=data["choices"],
        )  # fmt: skip
    except DomainError as exc:
        raise_for(exc)
        form_error(form, exc)
        return _invalid(request, activity, survey, form, code)
    survey.refresh_from_db(fields=["current_version", "questions_revision"])
    if not _htmx(request):
        return redirect(_manage_url(activity, f"q-{saved.code}"))
    if code is None:  # the new question joins the list; the form it came from goes
        response = _list(request, activity, survey)
        response["HX-Retarget"], response["HX-Reswap"] = "#questions", "outerHTML"
        return response
    return render(
        request, "surveys/_question.html", {"activity": activity, "survey": survey, "q": saved}
    )


@require_POST
def question_move(request, activity_id: int, question: str):
    code = question
    activity, survey = managed_survey(request, activity_id)
    step = 1 if request.POST.get("step") == "1" else -1
    return _list_after(
        request, activity, survey,
        lambda: services.survey_question_move(actor=request.user, survey=survey, code=code, step=step),
        anchor=f"q-{code}",
    )  # fmt: skip


@require_POST
def question_delete(request, activity_id: int, question: str):
    code = question
    activity, survey = managed_survey(request, activity_id)
    return _list_after(
        request, activity, survey,
        lambda: services.survey_question_delete(actor=request.user, survey=survey, code=code),
    )  # fmt: skip


def _list_after(request, activity, survey, change, anchor: str = "questions"):
    try:
        change()
    except DomainError as exc:
        raise_for(exc)
        error = " ".join([exc.message, *(p.message for p in exc.problems)])
        if _htmx(request):  # the list as it stands, saying why nothing changed
            return _list(request, activity, survey, error=error)
        messages.error(request, error)
        return redirect(_manage_url(activity))
    survey.refresh_from_db(fields=["current_version", "questions_revision"])
    if _htmx(request):
        return _list(request, activity, survey)
    return redirect(_manage_url(activity, anchor))


@require_GET
def preview(request, activity_id: int):
    """The respondent's page as it will look, read-only, labelled ตัวอย่าง."""
    activity, survey = managed_survey(request, activity_id)
    return render(
        request, "surveys/preview.html",
        {"survey": survey, "activity": activity, "questions": selectors.editor_questions(survey),
         "answers": {}, "errors": {}, "preview": True},
    )  # fmt: skip
