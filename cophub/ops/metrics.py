"""Prometheus metrics: request latency by view, survey submissions, cache errors, jobs.

Counters and the histogram live in memory (one mmap file per process under
``PROMETHEUS_MULTIPROC_DIR`` when that is set, so several gunicorn workers add up).
Job figures are read from django-tasks-db's table when Prometheus scrapes, never on a
request: the hot path (the public survey submission) only touches process memory.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

logger = logging.getLogger("cophub.ops")

REQUEST_LATENCY = Histogram(
    "cophub_http_request_duration_seconds",
    "Time from the request entering Django to the response leaving it, by view.",
    ["view", "status"],
    # The survey page should answer in tens of milliseconds; reports take seconds.
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)

SUBMISSION_OUTCOMES = ("stored", "replay", "refused")
SUBMISSIONS = Counter(
    "cophub_survey_submissions",
    "Survey submissions by outcome: stored, replay (same client id again), refused.",
    ["outcome"],
)

CACHE_ERRORS = Counter(
    "cophub_cache_errors",
    "Cache operations that failed because the cache server could not be reached.",
)

for _outcome in SUBMISSION_OUTCOMES:  # every outcome shows, at 0, from the first scrape
    SUBMISSIONS.labels(outcome=_outcome)


def record_submission(outcome: str) -> None:
    """Count one survey submission; ``outcome`` is one of SUBMISSION_OUTCOMES."""
    if outcome not in SUBMISSION_OUTCOMES:
        raise ValueError(f"unknown submission outcome {outcome!r}")
    SUBMISSIONS.labels(outcome=outcome).inc()


def status_class(code: int) -> str:
    return f"{code // 100}xx"


class JobQueueCollector:
    """Queue depth, the oldest ready task's wait and failed tasks, read at scrape time."""

    def collect(self):
        from django.db import DatabaseError

        try:
            yield from self._collect()
        except DatabaseError as exc:  # the other metrics still matter when the database is down
            logger.warning("metrics: job figures unavailable (%s)", exc.__class__.__name__)

    def _collect(self):
        from django.db.models import Count, Min, Q
        from django_tasks_db.models import DBTaskResult, get_date_max

        now = timezone.now()
        never = get_date_max()  # django-tasks-db's "no run_after" marker
        ready = DBTaskResult.objects.ready()
        depth = {
            row["queue_name"]: row["n"]
            for row in ready.values("queue_name").annotate(n=Count("pk")).order_by()
        }
        # A task waits from when it was enqueued, or from its run_after when deferred.
        oldest = ready.aggregate(
            enqueued=Min("enqueued_at", filter=Q(run_after=never)),
            deferred=Min("run_after", filter=~Q(run_after=never)),
        )
        starts = [t for t in oldest.values() if t is not None]
        failed = DBTaskResult.objects.failed().count()

        g = GaugeMetricFamily(
            "cophub_jobs_ready", "Tasks ready to run and not yet started, by queue.",
            labels=["queue"],
        )  # fmt: skip
        for queue in settings.TASKS["default"].get("QUEUES", ["default"]):
            g.add_metric([queue], depth.pop(queue, 0))
        for queue, n in depth.items():
            g.add_metric([queue], n)
        yield g
        yield GaugeMetricFamily(
            "cophub_jobs_oldest_ready_age_seconds",
            "How long the oldest ready task has waited (0 when none waits).",
            value=(now - min(starts)).total_seconds() if starts else 0.0,
        )
        yield GaugeMetricFamily(
            "cophub_jobs_failed",
            "Task results in the FAILED state still kept in the database.",
            value=failed,
        )


_jobs_registry = CollectorRegistry()
_jobs_registry.register(JobQueueCollector())


def render() -> bytes:
    """The exposition text: this process's (or all workers') metrics, then the job figures."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return generate_latest(registry) + generate_latest(_jobs_registry)


def _networks():
    return [ipaddress.ip_network(a, strict=False) for a in settings.METRICS_ALLOWED_IPS]


def scrape_allowed(request: HttpRequest) -> bool:
    """A configured bearer token, or a direct request from an allowed address.

    A request that came through a reverse proxy (it carries a forwarding header) is not
    "from" the proxy's address: on one host that address is 127.0.0.1, which would
    open the metrics to anyone the proxy serves.
    """
    token = settings.METRICS_TOKEN
    auth = request.headers.get("Authorization", "")
    if token and auth.startswith("Bearer "):
        return hmac.compare_digest(auth[7:].strip().encode(), token.encode())
    if any(h in request.headers for h in ("X-Forwarded-For", "Forwarded", "X-Real-IP")):
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in net for net in _networks())
