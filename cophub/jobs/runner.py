"""Job kinds and the one task that runs any of them.

An app declares a kind in its own ``jobs.py`` (found by ``JobsConfig.ready``)::

    @job_kind("reports.report", title=_("Annual report"))
    def report(run: JobRun, *, program_id: int, format: str) -> None:
        run.progress(0, 1)
        run.save_file("report.pdf", content)

``run_job(job_id)`` is the django-tasks task: it reads the Job, runs its kind and records
the outcome. Running it twice is safe: a finished job is left alone, and a kind writes
its result under a name fixed by the job (a second run overwrites the first), so a job
killed half-way and run again leaves exactly one result.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import close_old_connections
from django.utils import timezone

from cophub.core.errors import DomainError
from cophub.jobs.models import Job
from cophub.jobs.queue import TRANSIENT, backend_is_immediate, backoff, task
from cophub.jobs.worker import current_worker_id, worker_is_dead
from cophub.ops.context import bound_request_id

logger = logging.getLogger("cophub.jobs")
MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class Kind:
    name: str
    title: object  # a lazy translation
    func: Callable
    # May its owner still read the job and its file? ``(user, params) -> bool``, asked each
    # time the job is shown or downloaded: someone taken off a program's team since they
    # started an export no longer gets the file. None: the owner always may.
    may_read: Callable[..., bool] | None = None


KINDS: dict[str, Kind] = {}


def job_kind(name: str, *, title, may_read: Callable[..., bool] | None = None) -> Callable:
    def register(func: Callable) -> Callable:
        if name in KINDS and KINDS[name].func is not func:
            raise ValueError(f"job kind {name!r} is declared twice")
        KINDS[name] = Kind(name, title, func, may_read)
        return func

    return register


class JobRun:
    """What a running kind sees: its job, and ways to report progress and results."""

    def __init__(self, job: Job, on_progress: Callable[[int, int], None] | None = None):
        self.job = job
        self._on_progress = on_progress

    def progress(self, done: int, total: int) -> None:
        self.job.done, self.job.total = done, total
        Job.objects.filter(pk=self.job.pk).update(done=done, total=total)
        if self._on_progress:
            self._on_progress(done, total)

    def save_file(self, name: str, content: bytes) -> None:
        """Keep ``content`` as the job's result, under a path fixed by the job's id, so a
        second run of the job replaces the first run's file instead of adding one."""
        storage = self.job.result_file.storage
        path = f"jobs/{self.job.pk}/{name}"
        if storage.exists(path):
            storage.delete(path)
        self.job.result_file.name = storage.save(path, ContentFile(content))
        self.job.result_name = name
        Job.objects.filter(pk=self.job.pk).update(
            result_file=self.job.result_file.name, result_name=name
        )

    def set_result(self, **values) -> None:
        self.job.result = {**self.job.result, **values}
        Job.objects.filter(pk=self.job.pk).update(result=self.job.result)


def execute(job: Job, on_progress: Callable[[int, int], None] | None = None) -> Job:
    """Run ``job`` here and now, recording its state; return it as it ended."""
    kind = KINDS.get(job.kind)
    now = timezone.now()
    job.state, job.attempts, job.started_at = Job.State.RUNNING, job.attempts + 1, now
    job.error_code, job.error_params = "", {}
    Job.objects.filter(pk=job.pk).update(
        state=job.state, attempts=job.attempts, started_at=now, error_code="", error_params={}
    )
    try:
        if kind is None:
            raise DomainError("job_unknown_kind")
        with bound_request_id(job.request_id or None):
            kind.func(JobRun(job, on_progress), **job.params)
    except DomainError as exc:
        _finish(job, Job.State.FAILED, exc.code, exc.params)
    except TRANSIENT:
        if job.attempts >= MAX_ATTEMPTS:
            logger.exception(
                "job %s (%s) gave up after %d attempts", job.pk, job.kind, job.attempts
            )
            _finish(job, Job.State.FAILED, "job_unavailable", {})
        else:
            job.state = Job.State.QUEUED
            Job.objects.filter(pk=job.pk).update(state=job.state)
            raise
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(job, Job.State.FAILED, "job_failed", {})
    else:
        _finish(job, Job.State.DONE, "", {})
    return job


def _finish(job: Job, state: str, code: str, params: dict) -> None:
    job.state, job.error_code, job.error_params = state, code, params
    job.finished_at = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        state=state, error_code=code, error_params=params, finished_at=job.finished_at
    )


def _claim(job: Job) -> bool:
    """Take the job for this worker, unless a live worker runs it already: a task put
    back in the queue by mistake (its worker only looked dead) must not run it twice."""
    me = current_worker_id() or ""
    running_elsewhere = job.state == Job.State.RUNNING and job.runner and job.runner != me
    if running_elsewhere and not worker_is_dead(job.runner):
        return False
    claimed = Job.objects.filter(pk=job.pk, state=job.state, runner=job.runner).update(runner=me)
    job.runner = me
    return bool(claimed)


class JobFailed(Exception):
    """Raised by the task of a job that failed, so the queue records the task as FAILED
    too (the metrics count failed tasks); the Job row holds the error for the reader."""


@task()
def run_job(job_id: str) -> str:
    """The queue's entry point: run the job with this id unless it has finished."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.finished:
        return "skipped"
    if not _claim(job):
        return "running elsewhere"
    try:
        execute(job)
    except TRANSIENT as exc:
        close_old_connections()
        if backend_is_immediate():
            raise
        later = timezone.now() + backoff(job.attempts)
        logger.warning("job %s attempt %d: %s; again at %s", job.pk, job.attempts, exc, later)
        run_job.using(run_after=later).enqueue(job_id)
        return "retry"
    if job.state == Job.State.FAILED:
        raise JobFailed(f"job {job.pk} ({job.kind}) failed: {job.error_code}")
    return job.state
