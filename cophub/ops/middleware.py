"""The outermost middleware: a request id for the logs, and the latency histogram.

It runs on every request, the public survey submission above all, so it only touches
process memory: no database, no cache.
"""

from __future__ import annotations

import errno
import logging
import time

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

from cophub.ops.context import accept_or_new, bound_request_id
from cophub.ops.metrics import REQUEST_LATENCY, status_class

access_log = logging.getLogger("cophub.request")

HEADER = "X-Request-ID"


# A disk that is full, read-only or refuses the service user: the server, not the request.
STORAGE_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EDQUOT, errno.EIO}


def storage_failed(exception: BaseException) -> bool:
    return isinstance(exception, OSError) and exception.errno in STORAGE_ERRNOS


class RequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        rid = accept_or_new(request.headers.get(HEADER))
        request.request_id = rid
        with bound_request_id(rid):
            response = self.get_response(request)
            elapsed = time.perf_counter() - started
            match = getattr(request, "resolver_match", None)
            # The resolved name, never the raw path: paths carry tokens and ids, and every
            # distinct label value is a new time series.
            view = (match.view_name or "unnamed") if match else "unresolved"
            status = status_class(response.status_code)
            # A view may keep its request out of the log and the metrics (``request.
            # unlogged``): the time of an attendees-only survey answer must not be kept,
            # and a time series dates it as well as a log line does (docs/surveys.md).
            if not getattr(request, "unlogged", False):
                REQUEST_LATENCY.labels(view=view, status=status).observe(elapsed)
                access_log.info(
                    "%s %s %s %.1f ms", request.method, view, response.status_code,
                    elapsed * 1000,
                    extra={"view": view, "status_code": response.status_code,
                           "duration_ms": round(elapsed * 1000, 1)},
                )  # fmt: skip
        response[HEADER] = rid
        return response

    def process_exception(self, request, exception):
        """A page whose database is restarting, unreachable or cannot be written (a full
        disk, a read-only data directory) gets a 503 page with Retry-After (the API answers
        the same in JSON, see cophub/api.py), not a 500."""
        if not (
            isinstance(exception, (OperationalError, InterfaceError)) or storage_failed(exception)
        ):
            return None
        logging.getLogger("cophub.request").warning(
            "storage unavailable: %s %s",
            exception.__class__.__name__,
            getattr(exception, "errno", ""),
        )
        response = HttpResponse(render_to_string("503.html", request=None), status=503)
        response["Retry-After"] = "5"
        return response
