"""Database helpers that differ by engine."""

from __future__ import annotations

import contextlib
import fcntl
from pathlib import Path

from django.db import connection


@contextlib.contextmanager
def write_lock():
    """On SQLite, queue writers on a file lock before they ask SQLite for its write lock.

    SQLite makes a blocked writer poll with sleeps that grow to 100 ms, so a burst of
    concurrent writers wastes most of its time asleep. flock() queues them in the
    kernel instead and wakes the next one the moment the lock is free. PostgreSQL
    locks rows itself: there this does nothing.
    """
    name = str(connection.settings_dict["NAME"])
    if connection.vendor != "sqlite" or "memory" in name:
        yield
        return
    path = Path(name + ".writelock")
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
