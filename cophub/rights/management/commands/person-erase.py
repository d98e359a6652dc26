from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cophub.core.errors import DomainError
from cophub.orgs.models import Person
from cophub.programs.management.commands._common import command_actor, command_error
from cophub.rights.services import person_erase


class Command(BaseCommand):
    help = "Erase one person's data everywhere (anonymise), logged as an erasure request."

    def add_arguments(self, parser):
        parser.add_argument("person_id", type=int)
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
        parser.add_argument("--note", default="", help="what to record as the outcome")
        parser.add_argument("--owner", dest="actor", help="the admin acting (default: the first)")

    def handle(self, *args, person_id, yes, note, actor, **options):
        person = Person.objects.select_related("user").filter(pk=person_id).first()
        if person is None:
            raise CommandError(_("No person has id %(id)d.") % {"id": person_id})
        admin = command_actor(actor)
        if not yes:
            answer = input(
                _("Erase %(name)s (person %(id)d)? This cannot be undone. Type yes: ")
                % {"name": person, "id": person.pk}
            )
            if answer.strip().lower() not in {"yes", "y", "ใช่"}:
                raise CommandError(_("Nothing was erased."))
        try:
            request = person_erase(actor=admin, person=person, note=note)
        except DomainError as exc:
            raise command_error(exc) from exc
        counts = ", ".join(f"{k} {v}" for k, v in request.counts.items())
        self.stdout.write(
            _("Erased (request #%(n)d): %(counts)s") % {"n": request.pk, "counts": counts}
        )
