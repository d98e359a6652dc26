"""Indexing as a background job: ``index_object(type, object_id)``, enqueued at commit.

The job reads the row when it runs (a deleted row is removed from the index), so it is
idempotent and may run late, twice, or after a later change: it always writes what is
there. Segmentation, the slow part, happens in the job, never in the request. Who may
see the document does not wait for the job: the change itself narrowed the row's
visibility (``signals.py``), and the job's write takes visibility from the thing as it
is at write time, not as it was loaded (``sources.write``).

``index_later`` enqueues it once per transaction per object: the program's save, its
sites' saves and a relinked community all ask for the same activity, and it is
indexed once, after commit. A rolled-back transaction (or savepoint) indexes nothing.
"""

from __future__ import annotations

import threading

from django.db import transaction

from cophub.jobs.queue import PRIORITY_QUICK, background
from cophub.search import sources


@background(priority=PRIORITY_QUICK)
def index_object(type: str, object_id: int) -> bool:
    return sources.index_one(type, object_id)


# (type, id) → the on-commit callback that will enqueue its job. One dict per thread,
# as Django keeps one connection per thread.
_local = threading.local()


def index_later(type: str, object_id: int) -> None:
    """Index this thing once the current transaction commits (at once outside one)."""
    key = (type, int(object_id))
    connection = transaction.get_connection()
    pending: dict = _local.__dict__.setdefault("pending", {})
    if not connection.run_on_commit:
        pending.clear()  # nothing waits for a commit: what is left was rolled back
    waiting = pending.get(key)
    if waiting is not None and any(f is waiting for _s, f, _r in connection.run_on_commit):
        return

    def enqueue() -> None:
        if pending.get(key) is enqueue:
            del pending[key]
        index_object.enqueue(*key)

    pending[key] = enqueue
    transaction.on_commit(enqueue)
