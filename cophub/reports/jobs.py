"""The report as a background job: a large program's DOCX or PDF takes seconds."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cophub.core.errors import DomainError
from cophub.jobs.runner import JobRun, job_kind
from cophub.programs.models import Program
from cophub.reports.formats import program_report_file


@job_kind("reports.report", title=_("Annual report"))
def report(run: JobRun, *, program_id: int, format: str) -> None:
    run.progress(0, 2)
    try:
        rendered = program_report_file(program_id=program_id, fmt=format)
    except Program.DoesNotExist as exc:  # deleted after the job was started
        raise DomainError("not_found") from exc
    run.progress(1, 2)
    run.save_file(rendered.filename, rendered.content)
    run.progress(2, 2)
