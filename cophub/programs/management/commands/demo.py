"""Load the demo: three users and the reference report's FY 2561 program."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cophub.accounts.models import User
from cophub.programs.models import Program
from cophub.programs.services import program_import

DEMO_DOCUMENT = Path(__file__).resolve().parents[2] / "fixtures" / "demo-program-2561.json"
DEMO_PASSWORD = "cophub-demo"  # noqa: S105 - a published demo login, refused in production
DEMO_USERS = [
    ("admin", User.Role.ADMIN, "ผู้ดูแล", "ระบบ"),
    ("organiser", User.Role.ORGANISER, "สมศรี", "ใจดี"),
    ("member", User.Role.MEMBER, "สมชาย", "รักเรียน"),
]


class Command(BaseCommand):
    help = "Load demo users and the FY 2561 demo program (idempotent). Not for production."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("The demo has a published password; it is not loaded in production.")
        with transaction.atomic():
            users = {}
            for username, role, first, last in DEMO_USERS:
                user, created = User.objects.get_or_create(
                    username=username,
                    defaults={
                        "role": role,
                        "first_name": first,
                        "last_name": last,
                        "is_staff": role == User.Role.ADMIN,
                        "is_superuser": role == User.Role.ADMIN,
                    },
                )
                if created:
                    user.set_password(DEMO_PASSWORD)
                    user.save()
                users[username] = user
            document = json.loads(DEMO_DOCUMENT.read_text(encoding="utf-8"))
            program = Program.objects.filter(
                title=document["title"], fiscal_year=document["fiscal_year"]
            ).first()
            if program is None:
                program = program_import(actor=users["organiser"], document=document)
        self.stdout.write(f"Demo program: /programs/{program.pk}/")
        self.stdout.write(f"Demo logins (password “{DEMO_PASSWORD}”): organiser, member, admin")
