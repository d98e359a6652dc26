"""Reads for jobs: a job is seen by the person who started it, while its kind still lets\nthem (``Kind.may_read``), and by system admins."""

from __future__ import annotations

import uuid

from django.urls import reverse

from cophub.accounts.models import User
from cophub.core.errors import DomainError
from cophub.jobs.models import Job
from cophub.jobs.runner import KINDS


def job_for(*, actor: User, job_id: str | uuid.UUID) -> Job:
    """The job, if ``actor`` may see it; ``not_found`` otherwise (never say it exists)."""
    try:
        job_id = uuid.UUID(str(job_id))
    except ValueError as exc:
        raise DomainError("not_found") from exc
    job = Job.objects.filter(pk=job_id).first()
    if job is None or not actor.is_authenticated:
        raise DomainError("not_found")
    if actor.is_system_admin:
        return job
    kind = KINDS.get(job.kind)
    if job.owner_id != actor.pk or (
        kind and kind.may_read and not kind.may_read(actor, job.params)
    ):
        raise DomainError("not_found")
    return job


def job_title(job: Job) -> str:
    kind = KINDS.get(job.kind)
    return str(kind.title) if kind else job.kind


def job_error(job: Job) -> str | None:
    if job.state != Job.State.FAILED:
        return None
    return DomainError(job.error_code or "job_failed", job.error_params).message


def job_status(job: Job) -> dict:
    """The job as the API and the progress fragment show it."""
    done = job.state == Job.State.DONE
    return {
        "id": str(job.pk),
        "kind": job.kind,
        "state": job.state,
        "progress": {"done": job.done, "total": job.total},
        "url": reverse("api:job", kwargs={"job_id": job.pk}),
        "page_url": reverse("jobs:detail", kwargs={"job_id": job.pk}),
        "result_url": (
            reverse("jobs:result", kwargs={"job_id": job.pk}) if done and job.result_file else None
        ),
        "error": job_error(job),
        "title": job_title(job),
    }
