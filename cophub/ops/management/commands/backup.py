import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from cophub.ops.backup import BackupError, Progress, backup, megabytes


class Command(BaseCommand):
    help = (
        "Write one archive with the database (SQLite backup API or pg_dump) and the "
        "uploaded files; safe while the site is serving."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="the archive to write (a .tar file)")

    def handle(self, *args, output, **options):
        started = time.perf_counter()
        progress = Progress(self.stdout.write, tty=sys.stderr.isatty())
        try:
            manifest = backup(output, progress=progress)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        except DatabaseError as exc:
            raise CommandError(
                _("The database could not be read: %(reason)s") % {"reason": exc}
            ) from exc
        except OSError as exc:
            raise CommandError(
                _("Cannot write %(file)s: %(reason)s")
                % {"file": output, "reason": exc.strerror or exc}
            ) from exc
        size = sum(f["size"] for f in manifest["files"]) + manifest["database"]["size"]
        self.stdout.write(
            _(
                "Backed up %(tables)d tables (%(rows)s rows) and %(files)d files, %(size)s, in %(s).1f s: %(path)s"
            )
            % {
                "tables": len(manifest["tables"]),
                "rows": f"{sum(manifest['tables'].values()):,}",
                "files": len(manifest["files"]),
                "size": megabytes(size),
                "s": time.perf_counter() - started,
                "path": output,
            }
        )
