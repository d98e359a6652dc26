"""`cophub survey create ACTIVITY_ID [--open] [--from-template ID | --copy-from ACTIVITY_ID]`:
what the survey page's "Create the survey" does, from the command line."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cophub.core.errors import DomainError
from cophub.programs.management.commands._common import command_actor, command_error
from cophub.programs.models import Activity
from cophub.surveys.models import SurveyTemplate
from cophub.surveys.qr import respondent_url
from cophub.surveys.services import survey_create


class Command(BaseCommand):
    help = "Create an activity's satisfaction survey (a draft unless --open); print its address."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="create the survey of an activity")
        create.add_argument("activity_id", type=int)
        create.add_argument("--open", action="store_true", help="open it for answers now")
        source = create.add_mutually_exclusive_group()
        source.add_argument(
            "--from-template", type=int, metavar="ID", help="an organisation's template"
        )
        source.add_argument(
            "--copy-from", type=int, metavar="ACTIVITY_ID", help="copy another activity's survey"
        )
        create.add_argument("--user", help="username to act as (default: the first administrator)")

    def handle(self, *args, action, activity_id, open, from_template, copy_from, user, **options):
        actor = command_actor(user)
        activity = self._activity(activity_id)
        sources = {}
        if from_template is not None:
            template = SurveyTemplate.objects.filter(pk=from_template).first()
            if template is None:
                raise CommandError(_("No survey template has id %(id)d.") % {"id": from_template})
            sources["template"] = template
        if copy_from is not None:
            sources["copy_from"] = self._activity(copy_from)
        try:
            survey = survey_create(actor=actor, activity=activity, publish=open, **sources)
        except DomainError as exc:
            raise command_error(exc) from exc
        self.stdout.write(
            _("Survey created (open for answers).") if open else _("Survey created as a draft.")
        )
        self.stdout.write(respondent_url(survey))

    @staticmethod
    def _activity(activity_id: int) -> Activity:
        activity = Activity.objects.select_related("program").filter(pk=activity_id).first()
        if activity is None:
            raise CommandError(_("No activity has id %(id)d.") % {"id": activity_id})
        return activity
