from django.core.management.base import BaseCommand, CommandError

from cophub.accounts.models import User
from cophub.accounts.services import token_create


class Command(BaseCommand):
    help = "Manage personal API tokens. `cophub token create USERNAME` prints a new token."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="make a new token and print it")
        create.add_argument("username")
        create.add_argument("--name", default="CLI")

    def handle(self, *args, action, username, name, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"ไม่พบผู้ใช้ “{username}” (no such user)")
        _token, secret = token_create(user=user, name=name)
        self.stdout.write(secret)
