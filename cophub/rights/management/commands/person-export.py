from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cophub.core.errors import DomainError
from cophub.orgs.models import Person
from cophub.programs.management.commands._common import command_actor, command_error
from cophub.rights.services import person_export_now


class Command(BaseCommand):
    help = "Write everything held about one person to FILE (.json or .xlsx); logged as a request."

    def add_arguments(self, parser):
        parser.add_argument("person_id", type=int)
        parser.add_argument("--output", "-o", required=True, help="FILE.json or FILE.xlsx")
        parser.add_argument("--owner", dest="actor", help="the admin acting (default: the first)")

    def handle(self, *args, person_id, output, actor, **options):
        fmt = Path(output).suffix.lower().lstrip(".")
        if fmt not in {"json", "xlsx"}:
            raise CommandError(_("The output file must end in .json or .xlsx."))
        person = Person.objects.select_related("user").filter(pk=person_id).first()
        if person is None:
            raise CommandError(_("No person has id %(id)d.") % {"id": person_id})
        try:
            content = person_export_now(actor=command_actor(actor), person=person, fmt=fmt)
        except DomainError as exc:
            raise command_error(exc) from exc
        Path(output).write_bytes(content)
        self.stdout.write(_("Written to %(file)s.") % {"file": output})
