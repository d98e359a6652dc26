"""`cophub worker`: run background jobs (docs/deploy.md says how many, where)."""

from __future__ import annotations

import logging
import signal
import sys

from django.core.management.base import BaseCommand, CommandError
from django_tasks import task_backends

from cophub.jobs.worker import Worker, new_worker_id


class Command(BaseCommand):
    help = "Run a worker that processes background jobs until stopped (Ctrl+C or SIGTERM)."

    def add_arguments(self, parser):
        parser.add_argument("--queue", default="default", help="queue names, comma-separated, or *")
        parser.add_argument(
            "--interval", type=float, default=0.5, help="seconds between polls when idle"
        )
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")
        parser.add_argument(
            "--max-tasks", type=int, default=None, help="exit after this many tasks"
        )

    def handle(self, *, queue, interval, batch, max_tasks, verbosity, **options):
        if not task_backends["default"].supports_defer:
            raise CommandError(
                "TASKS_BACKEND is 'immediate': jobs run in the request; no worker needed."
            )
        for name in ("cophub.jobs", "django_tasks", "django_tasks_db"):
            # -v 2 shows each task; the default shows only problems (a fold every 2 s is noise)
            logging.getLogger(name).setLevel(logging.INFO if verbosity > 1 else logging.WARNING)
        worker = Worker(
            queue_names=queue.split(","), interval=interval, batch=batch,
            backend_name="default", startup_delay=not batch, max_tasks=max_tasks,
            worker_id=new_worker_id(), excluded_queue_names=[],
        )  # fmt: skip
        if verbosity:
            self.stdout.write(f"worker {worker.worker_id} started")
        worker.configure_signals()
        signal.signal(signal.SIGHUP, worker.shutdown)
        try:
            worker.run()
        except SystemExit as exc:
            sys.exit(exc.code)
