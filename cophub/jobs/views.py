"""A job's page: a progress bar that moves, then the result link or the error."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import render

from cophub.core.errors import DomainError
from cophub.jobs.selectors import job_for, job_status


def _job(request, job_id):
    try:
        return job_for(actor=request.user, job_id=job_id)
    except DomainError as exc:
        raise Http404 from exc


def job_detail(request, job_id):
    job = _job(request, job_id)
    return render(request, "jobs/job.html", {"job": job, "status": job_status(job)})


def job_progress(request, job_id):
    """The fragment htmx polls each second until the job has finished."""
    job = _job(request, job_id)
    return render(request, "jobs/_progress.html", {"job": job, "status": job_status(job)})


def job_result(request, job_id):
    job = _job(request, job_id)
    if job.state != job.State.DONE or not job.result_file:
        raise Http404
    response = FileResponse(
        job.result_file.open("rb"), as_attachment=not job.result_name.endswith((".html", ".pdf")),
        filename=job.result_name,
    )  # fmt: skip
    response["Cache-Control"] = "private, no-store"
    return response
