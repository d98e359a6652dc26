"""Shared by the operations tests: a fresh Python process, and the Redis database they use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cophub.testing import child_database_url  # noqa: F401 - used by the ops tests

ROOT = Path(__file__).resolve().parents[3]


def worker_redis_url(databases: tuple[int, ...]) -> str:
    """The real Redis, one database per pytest-xdist worker: tests here clear or flush
    their database, which must not wipe a count another worker's test is making."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    return f"redis://127.0.0.1:6379/{databases[int(worker or 0) % len(databases)]}"


# Databases 3, 4, 5 and 7 belong to these tests (6 is the multi-host bench's).
REDIS_TEST_URL = os.environ.get("COPHUB_TEST_REDIS_URL") or worker_redis_url((3, 4, 5, 7))
CLOSED_PORT_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1

# Settings keys the parent's environment may set that would leak into a child's settings.
_SCRUB = (
    "REDIS_URL", "STORAGE_BACKEND", "S3_BUCKET", "S3_ENDPOINT_URL", "S3_REGION",
    "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_ACCESS_KEY_ID_FILE",
    "S3_SECRET_ACCESS_KEY_FILE", "LOG_FORMAT", "PROMETHEUS_MULTIPROC_DIR",
    "METRICS_ALLOWED_IPS", "METRICS_TOKEN",
)  # fmt: skip


def redis_cache(location: str = REDIS_TEST_URL) -> dict:
    return {
        "default": {
            "BACKEND": "cophub.ops.cache.ResilientRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "cophub",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def python(code: str, *, env: dict[str, str] | None = None, check: bool = True, wait=True):
    """Run ``code`` in a new interpreter with the project's test settings."""
    full = {k: v for k, v in os.environ.items() if k not in _SCRUB}
    full.update({"DJANGO_SETTINGS_MODULE": "cophub.test_settings", **(env or {})})
    args = [sys.executable, "-c", code]
    if not wait:
        return subprocess.Popen(args, cwd=ROOT, env=full, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)  # fmt: skip
    done = subprocess.run(args, cwd=ROOT, env=full, capture_output=True, text=True, timeout=120)
    if check and done.returncode != 0:
        raise AssertionError(f"child failed ({done.returncode}):\n{done.stderr}")
    return done
