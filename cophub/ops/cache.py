"""Django's Redis cache, made to behave as an empty cache while Redis is unreachable.

Redis holds the rate-limit counters and the session cache, both helpers rather than
records: the rate limiter then lets everyone through (fail open: a hall of respondents
is not turned away because of a cache restart) and cached_db sessions read the
database. Without this, Django's RedisCache raises and every survey page is a 500.

While down, reads miss, writes store nothing, ``add`` answers "not added" and ``incr``
"no such key" (which the rate limiter takes as a fresh window). After a failure the
process does not try Redis again for ``RETRY_AFTER`` seconds, so a Redis host that
swallows packets costs one socket timeout per few seconds, not one per cache call.
A warning is logged at most once per ``RETRY_AFTER`` seconds.
"""

from __future__ import annotations

import functools
import logging
import pickle
import time

import redis.exceptions
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

from cophub.ops.metrics import CACHE_ERRORS

logger = logging.getLogger("cophub.cache")

RETRY_AFTER = 5.0
# Connection refused or timed out above all, but any error of the server (out of memory,
# a replica that became read-only, a middlebox answering garbage) means the same here.
UNREACHABLE = (redis.exceptions.RedisError,)

# Keyed by server address: Django makes one backend object per thread, the outage is
# the same for all of them.
_down_until: dict[str, float] = {}


class _Down(Exception):
    pass


def _guard(miss):
    """Run the operation; on an unreachable server, return ``miss(*args)`` instead."""

    def decorate(method):
        @functools.wraps(method)
        def run(self, *args, **kwargs):
            if _down_until.get(self._where, 0.0) > time.monotonic():
                return miss(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE as exc:
                CACHE_ERRORS.inc()
                logger.warning(
                    "cache unreachable (%s); serving without it for %.0f s: rate limits "
                    "are not enforced, sessions are read from the database",
                    exc.__class__.__name__, RETRY_AFTER,
                )  # fmt: skip
                _down_until[self._where] = time.monotonic() + RETRY_AFTER
                return miss(*args, **kwargs)

        return run

    return decorate


def _none(*args, **kwargs):
    return None


def _false(*args, **kwargs):
    return False


def _default(key, default=None, *args, **kwargs):
    return default


def _empty(*args, **kwargs):
    return {}


def _no_key(key, *args, **kwargs):
    raise ValueError(f"Key '{key}' not found (cache unreachable).")


def _all_failed(data, *args, **kwargs):
    return list(data)


def _counted_none(*args, **kwargs):
    return 0  # fail open: nothing refused


# Count one hit on each key in turn; stop at the first over its limit (so a flooding
# phone does not use up its address's allowance) and name it (1-based), 0 when none is.
# A new key gets its window's expiry. One round trip for all the limits of a request.
_COUNT = """
for i, key in ipairs(KEYS) do
  local n = redis.call('INCR', key)
  if n == 1 then redis.call('EXPIRE', key, ARGV[1]) end
  if n > tonumber(ARGV[i + 1]) then return i end
end
return 0
"""


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._where = "|".join(self._servers)

    add = _guard(_false)(RedisCache.add)
    get = _guard(_default)(RedisCache.get)
    set = _guard(_none)(RedisCache.set)
    touch = _guard(_false)(RedisCache.touch)
    delete = _guard(_false)(RedisCache.delete)
    get_many = _guard(_empty)(RedisCache.get_many)
    has_key = _guard(_false)(RedisCache.has_key)
    incr = _guard(_no_key)(RedisCache.incr)
    set_many = _guard(_all_failed)(RedisCache.set_many)
    delete_many = _guard(_none)(RedisCache.delete_many)
    clear = _guard(_false)(RedisCache.clear)

    @_guard(_counted_none)
    def count_hits(self, keys: list[str], limits: list[int], *, timeout: int) -> int:
        """The rate limiter's counting in one Lua call (core.ratelimit.allow_all): the
        1-based index of the first key over its limit, 0 when none is. The counters are
        the plain integers Django's cache stores, so ``get`` reads them as before."""
        names = [self.make_and_validate_key(k) for k in keys]
        client = self._cache.get_client(names[0], write=True)
        return int(client.eval(_COUNT, len(names), *names, timeout, *limits))


class CountingLocMemCache(LocMemCache):
    """The one-host default cache (no ``REDIS_URL``): Django's per-process LocMemCache with
    the rate limiter's counting in one step under its lock, as the Redis one is in one
    Lua call, instead of an ``add`` and an ``incr`` (two locks, two pickles) per limit."""

    def count_hits(self, keys: list[str], limits: list[int], *, timeout: int) -> int:
        with self._lock:
            for index, (key, limit) in enumerate(zip(keys, limits, strict=True), start=1):
                name = self.make_and_validate_key(key)
                # Our own process memory, unpickled as LocMemCache itself does.
                n = 1 if self._has_expired(name) else pickle.loads(self._cache[name]) + 1  # noqa: S301
                if n == 1:
                    self._set(name, pickle.dumps(n, self.pickle_protocol), timeout)
                else:  # keeps the expiry its window's first hit gave it, as INCR does
                    self._cache[name] = pickle.dumps(n, self.pickle_protocol)
                    self._cache.move_to_end(name, last=False)
                if n > limit:
                    return index
        return 0
