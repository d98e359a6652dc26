"""A small fixed-window rate limiter on Django's cache.

Written by hand because the well-known packages key on the client's IP address, and a
hall of a hundred people behind one Wi-Fi address must not lock itself out; callers
choose their own keys (a browser's respondent id, an API client id).
"""

from __future__ import annotations

import time

from django.core.cache import cache


def allow(key: str, *, limit: int, window: int) -> bool:
    """Count one hit on ``key``; False once ``limit`` hits fall in the current window."""
    bucket = f"rl:{key}:{int(time.time() // window)}"
    if cache.add(bucket, 1, timeout=window + 1):
        return True
    try:
        return cache.incr(bucket) <= limit
    except ValueError:  # expired between add and incr
        cache.add(bucket, 1, timeout=window + 1)
        return True
