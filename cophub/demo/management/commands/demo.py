"""Load the demo site (idempotent). Not for production: its logins are published."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cophub.demo.services import DEMO_PASSWORD, DEMO_USERS, demo_load


class Command(BaseCommand):
    help = "Load the demo: users in every role, the FY 2561 program, communities and knowledge."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("The demo has a published password; it is not loaded in production.")
        program = demo_load()
        self.stdout.write(f"Demo program: /programs/{program.pk}/")
        names = ", ".join(row[0] for row in DEMO_USERS)
        self.stdout.write(f"Demo logins (password “{DEMO_PASSWORD}”): {names}")
