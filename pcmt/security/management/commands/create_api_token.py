"""Create an API token for a user from the server's shell (the key is printed once)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pcmt.accounts.models import User
from pcmt.core.errors import DomainError
from pcmt.security.services import api_token_create


class Command(BaseCommand):
    help = "Create an expiring API token for USERNAME and print its key (shown only once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="command line")
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {options['username']!r}")
        try:
            token, key = api_token_create(actor=user, name=options["name"], days=options["days"])
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        self.stdout.write(key)
        self.stderr.write(f"expires {token.expires_at:%Y-%m-%d %H:%M} UTC")
