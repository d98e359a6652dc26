import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cophub.privacy.models import PersonalDataRead
from cophub.privacy.services import personal_data_read
from cophub.programs.models import Program
from cophub.programs.selectors import program_document, program_people


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
        # From the command line nobody is logged in: the read is recorded without a viewer.
        personal_data_read(
            viewer=None, kind=PersonalDataRead.Kind.PROGRAM_EXPORT,
            instance=Program.objects.get(pk=program_id),
            people=program_people(program_id=program_id), exported=True, with_contacts=True,
        )  # fmt: skip
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        else:
            self.stdout.write(text, ending="")
