from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cophub.programs.models import Program
from cophub.reports.formats import FORMATS, program_report_file


class Command(BaseCommand):
    help = "Write a program's annual report (HTML, DOCX or PDF)."

    def add_arguments(self, parser):
        parser.add_argument("program_id", type=int)
        parser.add_argument("--format", "-f", dest="fmt", choices=FORMATS, default=None)
        parser.add_argument(
            "--output", "-o", help="file to write; the format follows its suffix when not given"
        )

    def handle(self, *args, program_id, fmt, output, **options):
        if fmt is None:
            suffix = Path(output).suffix.lower().lstrip(".") if output else ""
            fmt = suffix if suffix in FORMATS else "html"
        if output is None and fmt != "html":
            raise CommandError(_("A DOCX or PDF report needs --output FILE."))
        try:
            rendered = program_report_file(program_id=program_id, fmt=fmt)
        except Program.DoesNotExist as exc:
            raise CommandError(_("No program has id %(id)d.") % {"id": program_id}) from exc
        if output:
            Path(output).write_bytes(rendered.content)
        else:
            self.stdout.write(rendered.content.decode(), ending="")
