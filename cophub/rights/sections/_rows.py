"""Plain JSON-friendly values for export rows."""

from __future__ import annotations

import datetime as dt


def plain(value):
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return value
