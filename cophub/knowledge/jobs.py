"""Loading knowledge items from a JSON Lines file as a job with progress."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _

from cophub.accounts.models import User
from cophub.core.errors import DomainError
from cophub.jobs.runner import JobRun, job_kind
from cophub.knowledge.services import import_lines


@job_kind("knowledge.import", title=_("Import knowledge items"))
def import_job(run: JobRun, *, upload: str, author_id: int) -> None:
    """``upload`` is the file's name on the default storage. Each line commits together
    with the job's note of how far it got, so a second run adds nothing twice."""
    author = User.objects.filter(pk=author_id).first()
    if author is None:
        raise DomainError("not_found")
    with default_storage.open(upload, "rb") as fh:
        try:
            lines = fh.read().decode("utf-8-sig").splitlines()
        except UnicodeDecodeError as exc:
            raise DomainError("import_not_utf8") from exc
    total = len(lines)
    state = {"after": 0, "loaded": 0, "problems": [], **run.job.result}

    def on_line(result) -> None:
        state["after"] = result.line
        if result.item is None:
            state["problems"].append([result.line, str(result.problem)])
        else:
            state["loaded"] += 1
        run.set_result(**state)
        run.progress(result.line, total)

    import_lines(actor=author, lines=lines, after=state["after"], on_line=on_line)
    run.progress(total, total)
