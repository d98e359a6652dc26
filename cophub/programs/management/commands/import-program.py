import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cophub.core.errors import DomainError
from cophub.programs.management.commands._common import command_actor, command_error
from cophub.programs.services import program_import


class Command(BaseCommand):
    help = "Import one program document (JSON); print the new program's id as the last line."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the JSON document, or - for standard input")
        parser.add_argument("--owner", help="username of the organiser who will own the program")

    def handle(self, *args, file, owner, **options):
        actor = command_actor(owner)
        try:
            if file == "-":
                document = json.load(sys.stdin)
            else:
                with open(file, encoding="utf-8-sig") as fh:
                    document = json.load(fh)
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s") % {"file": file, "reason": exc.strerror}
            ) from exc
        except UnicodeDecodeError as exc:
            raise CommandError(_("%(file)s is not UTF-8 text.") % {"file": file}) from exc
        except json.JSONDecodeError as exc:
            raise CommandError(
                _("%(file)s is not valid JSON (line %(line)d, column %(col)d): %(msg)s")
                % {"file": file, "line": exc.lineno, "col": exc.colno, "msg": exc.msg}
            ) from exc
        except (ValueError, RecursionError) as exc:
            raise CommandError(
                _("%(file)s is not a JSON document CoP Hub can read.") % {"file": file}
            ) from exc
        try:
            program = program_import(actor=actor, document=document)
        except DomainError as exc:
            raise command_error(exc) from exc
        self.stdout.write(
            _("Imported “%(title)s” with %(n)d activities.")
            % {"title": program.title, "n": program.activities.count()}
        )
        self.stdout.write(str(program.pk))
