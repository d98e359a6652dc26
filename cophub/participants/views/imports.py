"""Participant lists on the activity's pages: upload → preview of every row → confirm.

Reading and applying run as jobs; while one runs, the page shows the job's progress
(the jobs app's fragment) and reloads itself when the job has finished.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language

from cophub.core.errors import DomainError
from cophub.core.thai import person_name, thai_digits
from cophub.core.views import raise_for
from cophub.jobs.models import Job
from cophub.jobs.selectors import job_error, job_status
from cophub.participants.importing.forms import ConfirmForm, ListUploadForm
from cophub.participants.importing.headers import FIELD_LABELS
from cophub.participants.importing.preview import column_labels
from cophub.participants.importing.reading import max_bytes
from cophub.participants.importing.rows import problem_message
from cophub.participants.permissions import can_manage_participants
from cophub.participants.services.imports import (
    APPLY_KIND,
    KINDS,
    PREVIEW_KIND,
    participant_import_confirm,
    participant_import_start,
)
from cophub.programs.models import Activity


def _managed_activity(request, activity_id: int) -> Activity:
    activity = get_object_or_404(Activity.objects.select_related("program"), pk=activity_id)
    if not can_manage_participants(request.user, activity):
        raise PermissionDenied
    return activity


def _import_job(request, activity: Activity, job_id) -> Job:
    """The user's own import job for this activity; any other job is not found."""
    try:
        job_id = uuid.UUID(str(job_id))
    except ValueError as exc:
        raise Http404 from exc
    job = Job.objects.filter(pk=job_id, kind__in=KINDS, owner=request.user).first()
    if job is None or job.params.get("activity_id") != activity.pk:
        raise Http404
    return job


def import_upload(request, activity_id: int):
    activity = _managed_activity(request, activity_id)
    form = ListUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                job = participant_import_start(
                    actor=request.user, activity=activity, upload=form.cleaned_data["file"],
                    only_good_rows=form.cleaned_data["only_good_rows"],
                )  # fmt: skip
            except DomainError as exc:
                raise_for(exc)
                form.add_error("file", _screen_digits(exc.message))
                status = exc.status
            else:
                return redirect("participants:import_preview", activity.pk, job.pk)
    context = {
        "activity": activity,
        "form": form,
        "limit_mb": max_bytes() // (1024 * 1024),
        "fields": [str(label) for label in FIELD_LABELS.values()],
    }
    return render(request, "participants/import_upload.html", context, status=status)


def _screen_digits(message: str) -> str:
    """A file-level message (sizes, row numbers; never the person's own text) in the
    screen's digits."""
    return thai_digits(message) if (get_language() or "th").startswith("th") else message


def _rows_for_page(rows: list[dict]) -> list[dict]:
    return [
        {
            **row,
            "name": person_name(row["title"], row["first"], row["last"]),
            "messages": [(p["column"], problem_message(p)) for p in row["problems"]],
        }
        for row in rows
    ]


def import_preview(request, activity_id: int, job_id):
    activity = _managed_activity(request, activity_id)
    job = _import_job(request, activity, job_id)
    if request.method == "POST":
        return _confirm(request, activity, job)
    if request.headers.get("HX-Request"):
        # The waiting page polls here: the fragment while the job runs, then a reload.
        if job.finished:
            response = HttpResponse("")
            response["HX-Refresh"] = "true"
            return response
        return render(request, "participants/import_wait.html", _wait_context(activity, job))
    if not job.finished:
        return render(request, "participants/import_wait_page.html", _wait_context(activity, job))
    if job.kind == APPLY_KIND:
        return _outcome(request, activity, job)
    return _preview(request, activity, job)


def _wait_context(activity: Activity, job: Job) -> dict:
    return {"activity": activity, "job": job, "status": job_status(job)}


def _preview(request, activity: Activity, job: Job):
    result = job.result
    if job.state == Job.State.FAILED or "rows" not in result:
        context = {"activity": activity, "job": job, "error": _screen_digits(job_error(job) or "")}
        return render(request, "participants/import_failed.html", context)
    form = ConfirmForm(initial={"only_good_rows": result.get("only_good_rows", False)})
    if not result["summary"]["problems"]:
        del form.fields["only_good_rows"]  # nothing to leave out
    rows = _rows_for_page(result["rows"])
    context = {
        "activity": activity, "job": job, "preview": result, "summary": result["summary"],
        "rows": rows, "problem_rows": [r for r in rows if r["problems"]],
        "columns": column_labels(result), "form": form,
    }  # fmt: skip
    return render(request, "participants/import_preview.html", context)


def _outcome(request, activity: Activity, job: Job):
    result = job.result
    context = {
        "activity": activity, "job": job, "error": _screen_digits(job_error(job) or ""),
        "outcome": result.get("outcome"), "summary": result.get("summary"),
        "problem_rows": _rows_for_page(result.get("problems", [])),
        "preview_id": job.params.get("preview"),
    }  # fmt: skip
    return render(request, "participants/import_outcome.html", context)


def _confirm(request, activity: Activity, job: Job):
    if job.kind != PREVIEW_KIND:
        raise Http404
    form = ConfirmForm(request.POST)
    form.is_valid()  # a checkbox: always valid
    try:
        applying = participant_import_confirm(
            actor=request.user, activity=activity, preview=job,
            only_good_rows=form.cleaned_data.get("only_good_rows", False),
            people_informed=form.cleaned_data.get("people_informed", False),
        )  # fmt: skip
    except DomainError as exc:
        raise_for(exc)
        messages.error(request, _screen_digits(exc.message))
        return redirect("participants:import_preview", activity.pk, job.pk)
    return redirect("participants:import_preview", activity.pk, applying.pk)
