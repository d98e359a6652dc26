"""A job kind for the worker tests: slow steps, each leaving a file, then a result file.

Imported by the test worker processes (see conftest ``worker``), never by the app."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cophub.core.errors import DomainError
from cophub.jobs.runner import JobRun, job_kind
from cophub.ops.context import current_request_id


@job_kind("tests.steps", title=_("Test steps"))
def steps(run: JobRun, *, steps: int, pause: float, fail: bool = False) -> None:
    folder = Path(settings.MEDIA_ROOT) / "steps" / str(run.job.pk)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(steps):
        # One file a step, named by the step: doing a step twice leaves one file.
        (folder / f"{i}").write_text(str(os.getpid()))
        run.progress(i + 1, steps)
        time.sleep(pause)
    if fail:
        raise DomainError("not_found")
    run.save_file("steps.txt", f"{steps} steps".encode())
    # What a log line written here would carry (cophub.ops.logs reads the same contextvar).
    run.set_result(request_id=current_request_id())
