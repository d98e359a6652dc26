"""``cophub certificates issue ACTIVITY_ID [--output DIR]`` and
``cophub certificates revoke CODE --reason TEXT``."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cophub.certificates import services
from cophub.certificates.models import Certificate
from cophub.core.errors import DomainError
from cophub.core.thai import screen_digits
from cophub.programs.management.commands._common import command_actor, command_error
from cophub.programs.models import Activity


class Command(BaseCommand):
    help = "Issue an activity's certificates, or revoke one by its code."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        issue = sub.add_parser("issue", help="issue the certificates due")
        issue.add_argument("activity_id", type=int)
        issue.add_argument("--output", help="directory for the PDFs and print-all.pdf")
        issue.add_argument("--owner", help="username to act as (default: first admin)")
        revoke = sub.add_parser("revoke", help="revoke one certificate")
        revoke.add_argument("code")
        revoke.add_argument("--reason", required=True)
        revoke.add_argument("--owner", help="username to act as (default: first admin)")

    def handle(self, *args, action, owner=None, **options):
        actor = command_actor(owner)
        try:
            if action == "issue":
                return self._issue(actor, options["activity_id"], options.get("output"))
            return self._revoke(actor, options["code"], options["reason"])
        except DomainError as exc:
            raise command_error(exc) from exc

    def _issue(self, actor, activity_id: int, output: str | None) -> None:
        activity = Activity.objects.select_related("program").filter(pk=activity_id).first()
        if activity is None:
            raise CommandError(_("There is no activity %(id)s.") % {"id": activity_id})
        issued = services.certificates_issue(actor=actor, activity=activity)
        services.save_merged(activity.pk, issued.merged)
        if output:
            out = Path(output)
            out.mkdir(parents=True, exist_ok=True)
            for c, body in zip(issued.certificates, issued.files, strict=True):
                (out / f"certificate-{c.serial:03d}-{c.fiscal_year}.pdf").write_bytes(body)
            (out / "print-all.pdf").write_bytes(issued.merged)
        counts = {"count": issued.total, "new": issued.new, "reissued": issued.reissued}
        self.stdout.write(
            _("Issued %(count)s certificates (new %(new)s, re-issued %(reissued)s).")
            % {k: screen_digits(v) for k, v in counts.items()}
        )

    def _revoke(self, actor, code: str, reason: str) -> None:
        c = Certificate.objects.select_related("activity__program").filter(code=code).first()
        if c is None:
            raise CommandError(_("No certificate has the code %(code)s.") % {"code": code})
        c = services.certificate_revoke(actor=actor, certificate=c, reason=reason)
        self.stdout.write(f"{c.number} {c.get_status_display()}")
