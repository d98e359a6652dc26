"""Writes of the reports app: starting a report job. Laying a report out is `formats.py`."""

from __future__ import annotations

from django.db import transaction

from cophub.accounts.models import User
from cophub.core.errors import DomainError
from cophub.jobs.models import Job
from cophub.jobs.services import job_start
from cophub.programs.models import Program
from cophub.reports.formats import FORMATS


@transaction.atomic  # the job and its audit row, or neither
def report_job_start(*, actor: User, program_id: int, fmt: str) -> Job:
    """Start writing the report in the background. Anyone logged in may read a program,
    so anyone logged in may have its report written."""
    if fmt not in FORMATS:
        raise DomainError("report_unknown_format")
    program = Program.objects.filter(pk=program_id).only("pk", "title").first()
    if program is None:
        raise DomainError("not_found")
    return job_start(
        actor=actor, kind="reports.report", params={"program_id": program_id, "format": fmt},
        subject=program.title, back_url=program.get_absolute_url(),
    )  # fmt: skip
