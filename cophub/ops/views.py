"""Health, readiness and metrics: for load balancers, deploy scripts and Prometheus.

No login. The answers never carry hostnames, addresses or exception text; the reason
for a failure goes to the log, where the operator reads it.
"""

from __future__ import annotations

import logging
import uuid

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, HttpResponseNotFound, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from cophub.ops import metrics

logger = logging.getLogger("cophub.ops")


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """The process is up and answering; nothing else is asked."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    # A round trip through the default cache. The Redis backend answers "miss" rather
    # than raising while Redis is down, so the value read back is what tells.
    key = f"ops:readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    try:
        if cache.get(key) != "1":
            raise ConnectionError("cache did not return what was written")
    finally:
        cache.delete(key)


def _jobs() -> None:
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.only("pk").first()


CHECKS = {"database": _database, "cache": _cache, "jobs": _jobs}


@login_not_required
@never_cache
@require_GET
def readyz(request):
    """200 when the database, the cache and the job queue all answer; 503 naming the rest."""
    parts = {}
    for name, check in CHECKS.items():
        try:
            check()
            parts[name] = "ok"
        except Exception as exc:  # any failure means "not ready"; the kind goes to the log
            logger.warning("readiness: %s unreachable (%s)", name, exc.__class__.__name__)
            parts[name] = "unreachable"
    status = 200 if all(v == "ok" for v in parts.values()) else 503
    return JsonResponse(parts, status=status)


@login_not_required
@never_cache
@require_GET
def metrics_view(request):
    if not metrics.scrape_allowed(request):
        # 404, not 403: from the public side there is nothing here.
        return HttpResponseNotFound("not found", content_type="text/plain; charset=utf-8")
    return HttpResponse(metrics.render(), content_type=CONTENT_TYPE_LATEST)
