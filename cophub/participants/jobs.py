"""Participant lists as jobs: reading a file into a preview, and applying it.

A list of 5,000 rows takes a few seconds; as jobs, a page shows progress and nothing waits
in a request. Each job also keeps what it found as a JSON file (its result), so an API
client reads the preview or the outcome at the job's ``result_url``.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cophub.accounts.models import User
from cophub.core.errors import DomainError
from cophub.jobs.models import Job
from cophub.jobs.queue import TRANSIENT
from cophub.jobs.runner import JobRun, job_kind
from cophub.participants import pdf  # noqa: F401 - the badge job kind lives with its PDF
from cophub.participants.importing.preview import build_preview
from cophub.participants.importing.rows import problem_message
from cophub.participants.permissions import can_manage_participants, require_manage_participants
from cophub.participants.services.imports import (
    APPLY_KIND,
    PREVIEW_KIND,
    participant_import_apply,
)
from cophub.programs.models import Activity


def _context(run: JobRun, activity_id: int) -> tuple[Activity, User]:
    """The activity and the person who started the job, who must still run its list."""
    activity = Activity.objects.select_related("program").filter(pk=activity_id).first()
    actor = run.job.owner
    if activity is None or actor is None:
        raise DomainError("not_found")
    require_manage_participants(actor, activity)
    return activity, actor


def _read(run: JobRun, activity: Activity, *, upload: str, size: int, file: str) -> dict:
    """The preview of the stored upload; the upload is deleted once read (it holds
    people's details) unless the database went away and the job will run again."""
    try:
        with default_storage.open(upload, "rb") as fh:
            preview = build_preview(
                fh, size=size, activity=activity, file_name=file, progress=run.progress
            )
    except TRANSIENT:
        raise
    except BaseException:
        default_storage.delete(upload)
        raise
    default_storage.delete(upload)
    return preview


def _with_messages(rows: list[dict]) -> list[dict]:
    return [
        {**row, "problems": [{**p, "message": problem_message(p)} for p in row["problems"]]}
        for row in rows
    ]


def _save_json(run: JobRun, name: str, document: dict, language: str) -> None:
    with translation.override(language or settings.LANGUAGE_CODE):
        document = {**document, "rows": _with_messages(document.get("rows", []))}
    run.save_file(name, json.dumps(document, ensure_ascii=False, indent=1).encode())


def _may_manage(user, params: dict) -> bool:
    """Import jobs stay with those who still run the activity's participants."""
    activity = Activity.objects.select_related("program").filter(pk=params.get("activity_id"))
    activity = activity.first()
    return activity is not None and can_manage_participants(user, activity)


@job_kind(PREVIEW_KIND, title=_("Participant list: preview"), may_read=_may_manage)
def import_preview(
    run: JobRun, *, activity_id: int, upload: str, size: int, file: str = "",
    only_good_rows: bool = False, language: str = "",
) -> None:  # fmt: skip
    activity, _actor = _context(run, activity_id)
    preview = _read(run, activity, upload=upload, size=size, file=file)
    run.set_result(**preview, only_good_rows=only_good_rows)
    _save_json(run, f"participants-{activity.pk}-preview.json", preview, language)
    total = preview["summary"]["rows"]
    run.progress(total, total)


@job_kind(APPLY_KIND, title=_("Participant list: import"), may_read=_may_manage)
def import_apply(
    run: JobRun, *, activity_id: int, only_good_rows: bool = False, file: str = "",
    preview: str = "", upload: str = "", size: int = 0, language: str = "",
    notice_version: int | None = None,
) -> None:  # fmt: skip
    """Apply a preview the organiser saw (``preview``: its job), or read and apply an
    upload at once (the API and the command line)."""
    activity, actor = _context(run, activity_id)
    if preview:
        source = Job.objects.filter(pk=preview, kind=PREVIEW_KIND, owner=actor).first()
        if source is None or source.state != Job.State.DONE or "rows" not in source.result:
            raise DomainError("import_not_ready")
        document = source.result
    else:
        document = _read(run, activity, upload=upload, size=size, file=file)
    rows = document["rows"]
    problems = [r for r in rows if r["problems"]]
    # What the outcome page and the command show, kept before applying: a refused list
    # still says which rows stood in the way.
    run.set_result(summary=document["summary"], problems=problems, file=file)
    run.progress(0, len(rows))
    outcome = participant_import_apply(
        actor=actor,
        activity=activity,
        rows=rows,
        only_good_rows=only_good_rows,
        file_name=file,
        notice_version=notice_version,
    )
    run.set_result(outcome=outcome.counts, problems=outcome.problems)
    _save_json(
        run, f"participants-{activity.pk}-import.json",
        {"summary": document["summary"], "outcome": outcome.counts, "rows": outcome.problems},
        language,
    )  # fmt: skip
    run.progress(len(rows), len(rows))
