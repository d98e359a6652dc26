"""A small fixed-window rate limiter on Django's cache: callers name the key (a browser's
respondent id, an API client id, an address) so a hall of a hundred people behind one
Wi-Fi address does not lock itself out.

django-ratelimit 4.1 could do the same: its core, ``is_ratelimited(request, group, fn,
key, rate, method, increment)``, takes a callable key and counts with the same
``cache.add`` then ``cache.incr`` in a fixed window. It is not used because it brings
nothing these lines lack and asks for more: a request and a group on every call, the
key as ``key(group, request)`` while ours comes from the parsed JSON body (so a closure
per call), a rate string per limit; when the cache cannot count it refuses everyone
unless ``RATELIMIT_FAIL_OPEN`` is set project-wide, where ours lets a submission through
(docs/deploy.md: the limits fail open while Redis is down); and installed as an app its
system check reports our single-process default cache (LocMemCache) as an error.
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
