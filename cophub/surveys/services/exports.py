"""Exporting a survey's answers, in a job."""

from __future__ import annotations

from django.urls import reverse

from cophub.accounts.models import User
from cophub.core.errors import DomainError
from cophub.jobs.models import Job
from cophub.jobs.services import job_start
from cophub.programs.models import Activity
from cophub.surveys import selectors
from cophub.surveys.models import Response, Survey
from cophub.surveys.permissions import can_see_results


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
