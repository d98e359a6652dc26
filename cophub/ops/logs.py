"""Log records with the request id: JSON lines in production, readable text in development.

Referenced by name from settings.LOGGING, so this module must not import models.
"""

from __future__ import annotations

import logging

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

from cophub.ops.context import current_request_id


class RequestIdFilter(logging.Filter):
    """Stamp every record with the current request (or job) id; "-" outside of one.

    Django logs 4xx/5xx responses after the middleware has returned (the request id is
    no longer bound then), but it passes the request along, so the id is read from it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        rid = current_request_id()
        if rid is None:
            rid = getattr(getattr(record, "request", None), "request_id", None)
        record.request_id = rid or "-"
        return True


class JsonFormatter(_JsonFormatter):
    """One JSON object a line: time, level, logger, message, request_id and any extras.

    Django's request object (an ``extra`` of django.request) is left out: it would be
    written as its repr, and the request id already identifies the request.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("timestamp", "time")
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "request", "server_time"])
        super().__init__("%(levelname)s %(name)s %(message)s %(request_id)s", *args, **kwargs)
