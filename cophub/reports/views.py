"""The report page: the program's annual report as HTML; DOCX and PDF are written by a job."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cophub.core.errors import DomainError
from cophub.programs.models import Program
from cophub.reports.formats import FORMATS, program_report_file
from cophub.reports.responses import report_response
from cophub.reports.services import report_job_start


def program_report(request, program_id: int):
    """Anyone logged in may read a program, so anyone logged in may read its report."""
    fmt = request.GET.get("format", "html")
    if fmt not in FORMATS:
        raise Http404
    if fmt != "html":
        # A PDF or DOCX of a large program takes seconds: offer the job, write nothing on a GET.
        program = get_object_or_404(Program.objects.only("pk", "title"), pk=program_id)
        return render(request, "reports/report_file.html", {"program": program, "fmt": fmt})
    try:
        rendered = program_report_file(program_id=program_id, fmt=fmt)
    except Program.DoesNotExist as exc:
        raise Http404 from exc
    return report_response(rendered, fmt)


@require_POST
def program_report_job(request, program_id: int):
    """Start the report in the background and show its progress."""
    try:
        job = report_job_start(
            actor=request.user, program_id=program_id, fmt=request.POST.get("format", "pdf")
        )
    except DomainError as exc:
        raise Http404 from exc
    return redirect("jobs:detail", job_id=job.pk)
