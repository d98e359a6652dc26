import os
import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from cophub.search.sources import reindex
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
        n = reindex(processes=max(1, processes))
        self.stdout.write(
            _("Indexed %(n)d documents in %(s).1f s (segmenter: %(engine)s).")
            % {"n": n, "s": time.perf_counter() - started, "engine": engine_name()}
        )
