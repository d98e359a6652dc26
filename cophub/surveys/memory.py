"""Per-process memory for the submission hot path: a least-recently-used map with a size
and, optionally, a time-to-live.

A server process sees a few surveys at a time (one hall, one QR code), so a few hundred
entries hold every one that matters; the bound keeps a process that has seen thousands
of surveys over weeks from growing without end, dropping the least recently used first.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Remembered(Generic[K, V]):
    """At most ``size`` entries; an entry older than ``seconds`` (if given) counts as absent."""

    def __init__(
        self,
        *,
        size: int,
        seconds: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if size < 1:
            raise ValueError("size must be at least 1")
        self.size, self.seconds, self._clock = size, seconds, clock
        self._entries: OrderedDict[K, tuple[float, V]] = OrderedDict()
        # Threaded servers (runserver, gthread workers) share one map per process.
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if self.seconds is not None and self._clock() - entry[0] >= self.seconds:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._entries[key] = (self._clock(), value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def forget(self, key: K) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries
