from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cophub.programs.models import Activity
from cophub.surveys.models import Survey
from cophub.surveys.qr import respondent_url, write_qr


class Command(BaseCommand):
    help = "Write the QR code of an activity's survey: PNG or SVG, chosen by the file's extension."

    def add_arguments(self, parser):
        parser.add_argument("activity_id", type=int)
        parser.add_argument("--output", "-o", required=True, help="FILE.png or FILE.svg")

    def handle(self, *args, activity_id, output, **options):
        path = Path(output)
        if path.suffix.lower() not in (".png", ".svg"):
            raise CommandError(_("The output file must end in .png or .svg."))
        if not Activity.objects.filter(pk=activity_id).exists():
            raise CommandError(_("No activity has id %(id)d.") % {"id": activity_id})
        survey = Survey.objects.filter(activity_id=activity_id).first()
        if survey is None:
            raise CommandError(
                _("Activity %(id)d has no survey yet; create it on the activity page.")
                % {"id": activity_id}
            )
        try:
            write_qr(survey, path)
        except OSError as exc:
            raise CommandError(
                _("Cannot write %(file)s: %(reason)s") % {"file": output, "reason": exc.strerror}
            ) from exc
        self.stdout.write(respondent_url(survey))
