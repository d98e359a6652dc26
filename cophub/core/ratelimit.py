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

import ipaddress
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


def allow_all(limits: list[tuple[str, int]], *, window: int) -> bool:
    """Count one hit on each ``(key, limit)`` in turn, stopping at the first over its
    limit; True when none is. With Redis (ops.cache) one round trip for all of them."""
    now = int(time.time() // window)
    counter = getattr(cache, "count_hits", None)
    if counter is None:
        return all(allow(key, limit=limit, window=window) for key, limit in limits)
    buckets = [f"rl:{key}:{now}" for key, _limit in limits]
    return counter(buckets, [limit for _key, limit in limits], timeout=window + 1) == 0


def hits(key: str, *, window: int) -> int:
    """How many hits ``key`` has in the current window, without counting one."""
    return int(cache.get(f"rl:{key}:{int(time.time() // window)}") or 0)


def client_address(request) -> str:
    """The client's address: ``REMOTE_ADDR``, or behind a trusted proxy (``TRUSTED_PROXIES``,
    addresses or networks) the right-most X-Forwarded-For entry no trusted proxy wrote.
    Entries left of it are the client's to invent, so they are never believed."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    trusted = _trusted_networks()
    if not trusted or not _in(remote, trusted):
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if not _in(hop, trusted):
            return hop
    return hops[0] if hops else remote


def _trusted_networks() -> tuple:
    from django.conf import settings

    return tuple(
        ipaddress.ip_network(n.strip(), strict=False)
        for n in getattr(settings, "TRUSTED_PROXIES", ())
        if n.strip()
    )


def _in(address: str, networks: tuple) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in n for n in networks)
