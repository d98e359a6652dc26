from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cophub.knowledge.services import import_lines
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
            with open(file, encoding="utf-8-sig") as fh:
                lines = fh.read().splitlines()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s") % {"file": file, "reason": exc.strerror}
            ) from exc
        except UnicodeDecodeError as exc:
            raise CommandError(_("%(file)s is not UTF-8 text.") % {"file": file}) from exc
        results = import_lines(actor=actor, lines=lines)
        bad = [r for r in results if r.item is None]
        for r in bad:
            self.stderr.write(
                _("Line %(line)d: %(problem)s") % {"line": r.line, "problem": r.problem}
            )
        loaded = len(results) - len(bad)
        self.stdout.write(
            _("Loaded %(loaded)d items; %(bad)d lines had problems and were not loaded.")
            % {"loaded": loaded, "bad": len(bad)}
        )
        if bad and not loaded:
            raise CommandError(_("Nothing was loaded."))
