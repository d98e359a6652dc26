import os
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cophub.jobs.progress import reporter
from cophub.jobs.selectors import job_error
from cophub.jobs.services import job_run_here
from cophub.search.text import engine_name


class Command(BaseCommand):
    help = "Rebuild the search index from knowledge, communities, programs and activities."

    def add_arguments(self, parser):
        parser.add_argument(
            "--processes", type=int, default=os.cpu_count() or 1,
            help="processes that segment Thai text (default: one per CPU)",
        )  # fmt: skip

    def handle(self, *args, processes, **options):
        started = time.perf_counter()
        progress, close = reporter(self.stderr._out, label=_("Indexing"))
        try:
            job = job_run_here(
                actor=None, kind="search.reindex", params={"processes": max(1, processes)},
                on_progress=progress,
            )  # fmt: skip
        finally:
            close()
        if job.state != job.State.DONE:
            raise CommandError(job_error(job))
        self.stdout.write(
            _("Indexed %(n)d documents in %(s).1f s (segmenter: %(engine)s).")
            % {
                "n": job.result["documents"],
                "s": time.perf_counter() - started,
                "engine": engine_name(),
            }
        )
