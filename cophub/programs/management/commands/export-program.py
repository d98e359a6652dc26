import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cophub.programs.models import Program
from cophub.programs.selectors import program_document


class Command(BaseCommand):
    help = "Write one program as a JSON document (to standard output or --output FILE)."

    def add_arguments(self, parser):
        parser.add_argument("program_id", type=int)
        parser.add_argument("--output", "-o", help="file to write; standard output if omitted")

    def handle(self, *args, program_id, output, **options):
        try:
            document = program_document(program_id=program_id)
        except Program.DoesNotExist as exc:
            raise CommandError(_("No program has id %(id)d.") % {"id": program_id}) from exc
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        else:
            self.stdout.write(text, ending="")
