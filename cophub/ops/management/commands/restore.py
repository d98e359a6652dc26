import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from cophub.ops.backup import BackupError, Progress
from cophub.ops.restore import restore


class Command(BaseCommand):
    help = (
        "Restore an archive made by `cophub backup` into this site's database and media "
        "folder. Refuses a site that is not empty unless --force."
    )
    # The database may be empty or about to be replaced: check nothing in it first.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive made by `cophub backup`")
        parser.add_argument(
            "--force", action="store_true",
            help="overwrite a database and media folder that are not empty",
        )  # fmt: skip

    def handle(self, *args, file, force, **options):
        started = time.perf_counter()
        progress = Progress(self.stdout.write, tty=sys.stderr.isatty())
        try:
            restore(file, force=force, progress=progress)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        except DatabaseError as exc:
            raise CommandError(
                _("The database could not be read: %(reason)s") % {"reason": exc}
            ) from exc
        except OSError as exc:
            raise CommandError(
                _("Restore failed before anything was changed: %(reason)s")
                % {"reason": exc.strerror or exc}
            ) from exc
        self.stdout.write(_("Done in %(s).1f s.") % {"s": time.perf_counter() - started})
