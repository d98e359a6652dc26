"""``cophub import-participants ACTIVITY_ID FILE [--dry-run] [--only-good-rows]``.

The same service and jobs as the activity's import page, run here with progress on the
terminal. It exits non-zero when any row has a problem (then, without
``--only-good-rows``, nothing was imported) or when the file cannot be read.
"""

from __future__ import annotations

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cophub.core.errors import DomainError
from cophub.jobs.progress import reporter
from cophub.jobs.selectors import job_error
from cophub.jobs.services import job_run_here
from cophub.participants.importing.rows import problem_message
from cophub.participants.services.imports import (
    APPLY_KIND,
    PREVIEW_KIND,
    participant_import_prepare,
)
from cophub.programs.management.commands._common import command_actor, command_error
from cophub.programs.models import Activity


class Command(BaseCommand):
    help = (
        "Register the people of a participant list (XLSX or CSV) for an activity; report "
        "every problem by row and column. A list with problems imports nothing unless "
        "--only-good-rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("activity_id", type=int, help="the activity's id")
        parser.add_argument("file", help="path to the .xlsx or .csv file")
        parser.add_argument(
            "--dry-run", action="store_true", help="read and report only; save nothing"
        )
        parser.add_argument(
            "--only-good-rows", action="store_true", help="import the rows without problems"
        )
        parser.add_argument("--owner", help="username the import is done as (default: first admin)")

    def handle(self, *args, activity_id, file, dry_run, only_good_rows, owner, **options):
        actor = command_actor(owner)
        activity = Activity.objects.select_related("program").filter(pk=activity_id).first()
        if activity is None:
            raise CommandError(_("There is no activity %(id)s.") % {"id": activity_id})
        try:
            with open(file, "rb") as fh:
                params = participant_import_prepare(
                    actor=actor, activity=activity, upload=File(fh, name=file),
                    only_good_rows=only_good_rows,
                )  # fmt: skip
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s") % {"file": file, "reason": exc.strerror}
            ) from exc
        except DomainError as exc:
            raise command_error(exc) from exc
        progress, close = reporter(self.stderr._out, label=_("Reading the list"))
        try:
            job = job_run_here(
                actor=actor, kind=PREVIEW_KIND if dry_run else APPLY_KIND, params=params,
                on_progress=progress,
            )  # fmt: skip
        finally:
            close()
        result = job.result
        rows = result.get("rows") if dry_run else result.get("problems")
        self._problems([r for r in rows or [] if r["problems"]])
        if "summary" in result:
            self._summary(result["summary"])
        if job.state != job.State.DONE:
            raise CommandError(_("%(file)s: %(error)s") % {"file": file, "error": job_error(job)})
        skipped = result["summary"]["problems"] if dry_run else result["outcome"]["skipped"]
        if not dry_run:
            self._outcome(result["outcome"])
        elif not skipped:
            self.stdout.write(_("Dry run: nothing was saved."))
        if skipped and not only_good_rows:
            raise CommandError(
                _("%(count)s rows have problems; correct them, or import with --only-good-rows.")
                % {"count": skipped}
            )

    def _problems(self, rows: list[dict]) -> None:
        for row in rows:
            for problem in row["problems"]:
                where = _("Row %(row)s") % {"row": row["row"]}
                if problem["column"]:
                    where += ", " + _("column %(column)s") % {"column": problem["column"]}
                self.stderr.write(f"{where}: {problem_message(problem, screen=False)}")

    def _summary(self, s: dict) -> None:
        self.stdout.write(
            _(
                "Rows read: %(rows)s; new people: %(new)s; people already known: %(existing)s; "
                "already registered, no change: %(unchanged)s; with problems: %(problems)s."
            )
            % s
        )

    def _outcome(self, o: dict) -> None:
        if not (o["registered"] or o["waiting"] or o["people_updated"]):
            self.stdout.write(_("Nothing changed: everyone on this list was already registered."))
        self.stdout.write(
            _(
                "Registered %(registered)s, on the waiting list %(waiting)s, "
                "unchanged %(unchanged)s, skipped %(skipped)s."
            )
            % o
        )
