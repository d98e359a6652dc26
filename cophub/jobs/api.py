"""Jobs over the JSON API: the state of a long operation someone started."""

from __future__ import annotations

from ninja import Router, Schema, Status

from cophub.jobs.selectors import job_for, job_status

router = Router()


class Progress(Schema):
    done: int
    total: int


class JobOut(Schema):
    id: str
    state: str
    progress: Progress
    result_url: str | None
    error: str | None


class JobRef(Schema):
    """What an endpoint that starts a job answers (202)."""

    id: str
    state: str
    progress: Progress
    url: str


class JobStarted(Schema):
    job: JobRef


def started(job) -> Status:
    """The 202 answer of an endpoint that started ``job``."""
    status = job_status(job)
    return Status(202, {"job": {k: status[k] for k in ("id", "state", "progress", "url")}})


@router.get("/{job_id}", response=JobOut, url_name="job", summary="A job's state and result")
def job_detail(request, job_id: str):
    """For the user who started the job (and system admins); 404 for anyone else."""
    return job_status(job_for(actor=request.auth, job_id=job_id))
