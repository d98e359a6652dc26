"""How the project defines and enqueues background work on Django's tasks API.

``background`` is ``django_tasks.task`` plus retry with backoff: a transient error (the
database or the cache gone for a moment, a mail server refusing for now) enqueues the
same call again, later, up to ``max_attempts`` times. A task must therefore be
idempotent: run twice, it leaves the result of one run. Tasks take ids and plain
values, never model instances (the worker reads the row as it is when the task runs).

``enqueue_on_commit`` is how services start work: workers see the task exactly when the
transaction that made the work necessary commits, so a worker never looks for a row
that does not exist yet, and a rolled-back change starts nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import smtplib
from collections.abc import Callable

from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone
from django_tasks import task, task_backends
from django_tasks_db import DatabaseBackend

__all__ = [
    "PERIODIC", "PRIORITY_QUICK", "TRANSIENT", "background", "backoff", "enqueue_on_commit",
    "periodic", "task",
]  # fmt: skip

logger = logging.getLogger("cophub.jobs")

TRANSIENT: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    ConnectionError,
    TimeoutError,
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
)
try:  # redis-py's errors are not builtin ConnectionError subclasses
    import redis.exceptions as _redis

    TRANSIENT += (_redis.ConnectionError, _redis.TimeoutError)
except ImportError:  # pragma: no cover - redis is a dependency
    pass


# Small internal work (fold new answers, index one object, send one mail) goes before the
# long jobs people start (reports, exports, imports), so a queue of reports never holds up
# the live results, search or a password-reset mail.
PRIORITY_QUICK = 10


def backoff(attempt: int) -> dt.timedelta:
    """2, 4, 8 … seconds after the attempt that failed, at most 5 minutes."""
    return dt.timedelta(seconds=min(2**attempt, 300))


def background(*, max_attempts: int = 5, priority: int = 0, queue_name: str = "default"):
    """Decorator: a django-tasks task that is retried with backoff on transient errors."""

    def decorate(func: Callable) -> object:
        @functools.wraps(func)
        def run(*args, _attempt: int = 1, **kwargs):
            try:
                return func(*args, **kwargs)
            except TRANSIENT as exc:
                backend = the_task.get_backend()
                if _attempt >= max_attempts or not backend.supports_defer:
                    raise
                later = timezone.now() + backoff(_attempt)
                logger.warning(
                    "task %s attempt %d failed (%s); again at %s",
                    the_task.module_path, _attempt, exc.__class__.__name__, later.isoformat(),
                )  # fmt: skip
                the_task.using(run_after=later).enqueue(*args, _attempt=_attempt + 1, **kwargs)
                return {"retry": _attempt + 1}

        the_task = task(priority=priority, queue_name=queue_name)(run)
        return the_task

    return decorate


# (seconds, task, when): tasks the workers enqueue every so many seconds, if ``when()``
# says there is work (see worker.run_periodic)
PERIODIC: list[tuple[float, object, Callable[[], bool] | None]] = []


def periodic(*, every: float, when: Callable[[], bool] | None = None):
    """Decorator over a task: the workers enqueue it every ``every`` seconds, only when
    ``when()`` is true if given (a cheap check, so an idle site queues nothing)."""

    def register(the_task):
        PERIODIC.append((every, the_task, when))
        return the_task

    return register


def enqueue_on_commit(the_task, *args, **kwargs) -> None:
    """Enqueue ``the_task(*args, **kwargs)`` so that workers see it exactly when the
    current transaction commits, and never if it rolls back.

    With the database backend the task row is written inside the transaction itself, so
    the change and its task commit together (nothing is lost if the process dies right
    after the commit). Other backends (the immediate one of the tests) enqueue once the
    transaction has committed."""
    backend = the_task.get_backend()
    if isinstance(backend, DatabaseBackend):
        the_task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(functools.partial(the_task.enqueue, *args, **kwargs))


def backend_is_immediate() -> bool:
    return not task_backends["default"].supports_defer
