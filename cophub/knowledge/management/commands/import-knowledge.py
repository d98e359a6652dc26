from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cophub.jobs.progress import reporter
from cophub.jobs.selectors import job_error
from cophub.jobs.services import job_run_here
from cophub.programs.management.commands._common import command_actor


class Command(BaseCommand):
    help = (
        "Load knowledge items from a JSON Lines file (one item a line); "
        "report each bad line by number and load the rest."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the .jsonl file")
        parser.add_argument(
            "--author", help="username the items are posted as (default: first admin)"
        )

    def handle(self, *args, file, author, **options):
        actor = command_actor(author)
        try:
            with open(file, "rb") as fh:
                upload = default_storage.save(f"jobs/uploads/{Path(file).name}", File(fh))
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s") % {"file": file, "reason": exc.strerror}
            ) from exc
        progress, close = reporter(self.stderr._out, label=_("Importing"))
        try:
            job = job_run_here(
                actor=actor, kind="knowledge.import",
                params={"upload": upload, "author_id": actor.pk}, on_progress=progress,
            )  # fmt: skip
        finally:
            close()
            default_storage.delete(upload)
        if job.state != job.State.DONE:
            raise CommandError(_("%(file)s: %(error)s") % {"file": file, "error": job_error(job)})
        for line, problem in job.result.get("problems", []):
            self.stderr.write(_("Line %(line)d: %(problem)s") % {"line": line, "problem": problem})
        loaded, bad = job.result.get("loaded", 0), len(job.result.get("problems", []))
        self.stdout.write(
            _("Loaded %(loaded)d items; %(bad)d lines had problems and were not loaded.")
            % {"loaded": loaded, "bad": bad}
        )
        if bad and not loaded:
            raise CommandError(_("Nothing was loaded."))
