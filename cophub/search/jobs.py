"""Rebuilding the search index as a job with progress (the page, the API, `cophub reindex`)."""

from __future__ import annotations

import os

from django.utils.translation import gettext_lazy as _

from cophub.jobs.runner import JobRun, job_kind
from cophub.search.sources import reindex


@job_kind("search.reindex", title=_("Rebuild the search index"))
def reindex_job(run: JobRun, *, processes: int = 1) -> None:
    # Idempotent: each batch replaces its documents, and a second run rewrites them again.
    n = reindex(processes=max(1, min(processes, os.cpu_count() or 1)), progress=run.progress)
    run.set_result(documents=n)
