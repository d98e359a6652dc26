"""Starting jobs. Everything else about a job is written by the runner as it runs."""

from __future__ import annotations

from django.db import transaction

from cophub.accounts.models import User
from cophub.core.audit import audit_record
from cophub.core.errors import DomainError
from cophub.jobs.models import Job
from cophub.jobs.queue import enqueue_on_commit
from cophub.jobs.runner import KINDS, execute, run_job
from cophub.ops.context import current_request_id


def _request_id() -> str:
    return current_request_id() or ""


@transaction.atomic
def job_start(
    *, actor: User | None, kind: str, params: dict, subject: str = "", back_url: str = ""
) -> Job:
    """Record a job and queue it to run once this transaction commits.

    The caller has checked that ``actor`` may do the work; ``params`` are ids and plain
    values (the job reads the rows when it runs)."""
    if kind not in KINDS:
        raise DomainError("job_unknown_kind")
    owner = actor if actor and actor.is_authenticated else None
    # The same request again while the first is still waiting or running (a double click,
    # a script in a loop) gets the first job, not another one in the queue.
    waiting = Job.objects.filter(
        owner=owner, kind=kind, params=params, state__in=[Job.State.QUEUED, Job.State.RUNNING]
    ).first()
    if waiting is not None:
        return waiting
    job = Job.objects.create(
        kind=kind, owner=owner,
        params=params, request_id=_request_id(), subject=subject[:300], back_url=back_url[:300],
    )  # fmt: skip
    audit_record(actor=actor, action="job.started", instance=job, changes={"kind": kind})
    enqueue_on_commit(run_job, str(job.pk))
    return job


def job_run_here(*, actor: User | None, kind: str, params: dict, on_progress=None) -> Job:
    """Record a job and run it in this process (the command line), reporting progress."""
    if kind not in KINDS:
        raise DomainError("job_unknown_kind")
    job = Job.objects.create(kind=kind, owner=actor, params=params, request_id=_request_id())
    return execute(job, on_progress)
