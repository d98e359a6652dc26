"""The worker: django-tasks-db's worker loop, plus a heartbeat and crash recovery.

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it
again, so a worker killed mid-task (kill -9, a lost machine) would leave it RUNNING
forever. Each of our workers beats every few seconds in WorkerBeat; any worker, at
start and then periodically, puts back in the queue the tasks of workers that stopped
beating (or whose process is gone, on its own host). Tasks are idempotent, so running
one again is safe.

The heartbeat also enqueues the periodic tasks (``queue.periodic``), each at most once
per interval across all workers (a conditional UPDATE of ``PeriodicRun`` decides which).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time

from django.db import (
    IntegrityError,
    InterfaceError,
    OperationalError,
    close_old_connections,
    connection,
    transaction,
)
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker as DBWorker
from django_tasks_db.models import DBTaskResult

from cophub.jobs.models import PeriodicRun, WorkerBeat
from cophub.jobs.queue import PERIODIC

logger = logging.getLogger("cophub.jobs")

BEAT_SECONDS = 2.0
DEAD_AFTER = dt.timedelta(seconds=30)  # no beat for this long: the worker is gone


def new_worker_id() -> str:
    host = socket.gethostname()[:40]
    return f"{host}:{os.getpid()}:{get_random_string(6)}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _is_dead(worker_id: str, beats: dict[str, WorkerBeat], now) -> bool:
    """On its own host a worker is alive while its process is (a beat can lag when the
    database was away; a long-silent pid may be a recycled one). Elsewhere, by its beat."""
    host, _, rest = worker_id.partition(":")
    pid = rest.partition(":")[0]
    beat = beats.get(worker_id)
    silent = beat is None or now - beat.beat_at > DEAD_AFTER
    if host == socket.gethostname()[:40] and pid.isdigit():
        if not _pid_alive(int(pid)):
            return True
        return beat is None or now - beat.beat_at > DEAD_AFTER * 10
    return silent


def worker_is_dead(worker_id: str) -> bool:
    return _is_dead(
        worker_id, {b.worker_id: b for b in WorkerBeat.objects.filter(pk=worker_id)}, timezone.now()
    )


_current_worker: str | None = None


def current_worker_id() -> str | None:
    """The id of the worker this process is (None on the web or the command line)."""
    return _current_worker


def reap() -> int:
    """Put back in the queue every task whose worker is gone; return how many."""
    now = timezone.now()
    running = list(DBTaskResult.objects.running().only("id", "worker_ids"))
    if not running:
        return 0
    beats = {b.worker_id: b for b in WorkerBeat.objects.all()}
    requeued = 0
    for result in running:
        worker_id = result.worker_ids[-1] if result.worker_ids else ""
        if worker_id and not _is_dead(worker_id, beats, now):
            continue
        # Conditional: if its worker finished it meanwhile, leave it be.
        requeued += DBTaskResult.objects.filter(
            pk=result.pk, status=TaskResultStatus.RUNNING, worker_ids=result.worker_ids
        ).update(status=TaskResultStatus.READY, started_at=None)
        logger.warning("task %s of stopped worker %s queued again", result.pk, worker_id)
    WorkerBeat.objects.filter(beat_at__lt=now - DEAD_AFTER * 10).delete()
    return requeued


def due(name: str, seconds: float, now) -> bool:
    """Claim the periodic ``name`` for this interval; True for exactly one claimant."""
    cutoff = now - dt.timedelta(seconds=seconds)
    if PeriodicRun.objects.filter(name=name, last_at__gte=cutoff).exists():
        return False  # the common case: a read, no write
    if PeriodicRun.objects.filter(name=name, last_at__lt=cutoff).update(last_at=now):
        return True
    try:
        with transaction.atomic():
            PeriodicRun.objects.create(name=name, last_at=now)
    except IntegrityError:  # another worker created it first: it has this interval
        return False
    return True


def run_periodic() -> None:
    now = timezone.now()
    for seconds, the_task, when in PERIODIC:
        if when is not None and not when():
            continue
        if due(the_task.module_path, seconds, now):
            the_task.enqueue()


class Worker(DBWorker):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._stop = threading.Event()

    def beat(self) -> None:
        WorkerBeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "host": socket.gethostname()[:255],
                "pid": os.getpid(),
                "beat_at": timezone.now(),
            },
        )

    def _beat_loop(self) -> None:
        """The heartbeat thread owns this worker's WorkerBeat row: it writes it, and it
        deletes it when the worker stops, so no beat in flight can bring it back."""
        last_reap = 0.0
        try:
            while not self._stop.wait(BEAT_SECONDS):
                try:
                    close_old_connections()
                    self.beat()
                    if time.monotonic() - last_reap > 10:
                        reap()
                        last_reap = time.monotonic()
                    run_periodic()
                except Exception:
                    logger.exception("worker heartbeat failed; trying again")
                finally:
                    connection.close()
        finally:
            try:
                WorkerBeat.objects.filter(worker_id=self.worker_id).delete()
            except Exception:  # the others will see its beat stop instead
                logger.exception("could not remove the worker's beat")
            finally:
                connection.close()

    def _release_own(self) -> None:
        """Between tasks nothing of ours is running: a task still RUNNING under our id lost
        its result write to an outage; put it back in the queue."""
        for result in DBTaskResult.objects.running().only("id", "worker_ids"):
            if result.worker_ids and result.worker_ids[-1] == self.worker_id:
                DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING).update(
                    status=TaskResultStatus.READY, started_at=None
                )

    def _run_through_outages(self) -> None:
        """django-tasks-db's loop re-raises a lost database connection and the process
        would die (PostgreSQL restarting, a network blip). Wait and go on instead: the task
        that was running is put back by ``reap`` if its result could not be written."""
        pause = 0.5
        while self.running:
            try:
                self._release_own()
                super().run()
                return
            except (OperationalError, InterfaceError) as exc:
                logger.warning("database unavailable (%s); retrying in %.1f s", exc, pause)
                close_old_connections()
                connection.close()
                time.sleep(pause)
                pause = min(pause * 2, 10.0)

    def run(self) -> None:
        global _current_worker
        _current_worker = self.worker_id
        beats = threading.Thread(target=self._beat_loop, name="heartbeat", daemon=True)
        try:  # a SIGTERM may come at any point from the first beat on
            self.beat()
            reap()
            beats.start()
            self._run_through_outages()
        finally:
            self._stop.set()
            if beats.ident is not None:
                beats.join(timeout=15)  # it finishes a beat in progress, then removes our row
            else:
                WorkerBeat.objects.filter(worker_id=self.worker_id).delete()
