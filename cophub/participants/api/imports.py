"""Participant lists over the JSON API: upload a file, get a job (202) to follow.

``dry_run`` reads and previews only; otherwise the job reads and applies the list. The
job's ``result_url`` (``GET /api/v1/jobs/{id}``) is a JSON file of the preview or the
outcome, every problem with its row, column and message.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, UploadedFile

from cophub.core.schemas import Error
from cophub.jobs.api import JobStarted, started
from cophub.participants.services.imports import participant_import_start
from cophub.programs.models import Activity

router = Router()


@router.post(
    "/activities/{int:activity_id}/participant-imports",
    response={202: JobStarted, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error,
              413: Error, 422: Error},
    url_name="participant_imports",
    summary="Import a participant list (XLSX or CSV) into an activity, as a job",
)  # fmt: skip
def participant_import(
    request,
    activity_id: int,
    file: File[UploadedFile],
    dry_run: Form[bool] = False,
    only_good_rows: Form[bool] = False,
):
    """For the program's organiser and admins. With ``dry_run`` nothing is saved; without
    it a list with any problem imports nothing unless ``only_good_rows`` is set."""
    activity = get_object_or_404(Activity.objects.select_related("program"), pk=activity_id)
    job = participant_import_start(
        actor=request.auth, activity=activity, upload=file, only_good_rows=only_good_rows,
        apply=not dry_run,
    )  # fmt: skip
    return started(job)
