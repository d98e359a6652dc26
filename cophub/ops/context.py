"""The id of the request (or job) being served, for every log line written meanwhile.

A contextvar rather than a thread-local: it follows the code into async views and is
reset exactly by the token, so a job bound inside a request restores the request's id.
"""

from __future__ import annotations

import contextlib
import re
import uuid
from collections.abc import Iterator
from contextvars import ContextVar

_request_id: ContextVar[str | None] = ContextVar("cophub_request_id", default=None)

# What we accept from a proxy's or a client's X-Request-ID: enough for a UUID, a
# trace id or "host-pid-counter" styles, and nothing that could forge a log line. At most
# MAX_LENGTH characters, which is what a job keeps of the request that started it.
MAX_LENGTH = 64
_SAFE = re.compile(rf"[A-Za-z0-9._:\-]{{8,{MAX_LENGTH}}}")


def current_request_id() -> str | None:
    return _request_id.get()


@contextlib.contextmanager
def bound_request_id(value: str | None) -> Iterator[str | None]:
    """Make ``value`` the current request id inside the block; the previous one after."""
    token = _request_id.set(value)
    try:
        yield value
    finally:
        _request_id.reset(token)


def accept_or_new(incoming: str | None) -> str:
    """The incoming id when it is sane, else a fresh random one."""
    if incoming and _SAFE.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex
