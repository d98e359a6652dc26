"""`cophub check --deploy`: what a production set-up must not leave to chance."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Warning, register

PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(deploy=True)
def shared_cache(app_configs=None, **kwargs):
    """Rate limits live in the cache: a per-process cache under several gunicorn workers
    or hosts accepts that many times the limit."""
    if settings.CACHES["default"]["BACKEND"] in PER_PROCESS_CACHES:
        return [
            Warning(
                "The cache is per process, so each server process counts its own rate limits.",
                hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) when running more than one "
                "server process or host (docs/deploy.md).",
                id="cophub.W001",
            )
        ]
    return []
