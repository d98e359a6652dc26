"""`cophub check --deploy`: what a production set-up must not leave to chance."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Warning, register

PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "cophub.ops.cache.CountingLocMemCache",
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


@register(deploy=True)
def static_files_collected(app_configs=None, **kwargs):
    """With the manifest storage every page names its CSS by hash: without `collectstatic`
    every page is a 500, however healthy the rest looks."""
    backend = settings.STORAGES["staticfiles"]["BACKEND"]
    if "Manifest" not in backend:
        return []
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.exists():
        return []
    return [
        Error(
            f"The static files are not collected ({manifest} is missing): every page would fail.",
            hint="Run `cophub collectstatic --noinput` after each deployment (docs/deploy.md).",
            id="cophub.E002",
        )
    ]


@register(deploy=True)
def data_directory_writable(app_configs=None, **kwargs):
    """The data directory holds SQLite, uploads and generated files: read-only or full, the
    site could show pages but fail every save."""
    errors = []
    places = [Path(settings.VAR_DIR)]
    if settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
        places.append(Path(settings.MEDIA_ROOT))
    for place in places:
        try:
            place.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=place, prefix=".cophub-check-"):
                pass
        except OSError as exc:
            errors.append(
                Error(
                    f"The data directory {place} cannot be written: {exc.strerror or exc}.",
                    hint="Give the service user write access (and free space) there, or set "
                    "COPHUB_VAR_DIR to a writable place (docs/deploy.md).",
                    id="cophub.E003",
                )
            )
            continue
        free = os.statvfs(place)
        if free.f_bavail * free.f_frsize < 100 * 1024 * 1024:
            errors.append(
                Warning(
                    f"Less than 100 MB is free under {place}.",
                    hint="Uploads, backups and the database need room to grow.",
                    id="cophub.W002",
                )
            )
    return errors
