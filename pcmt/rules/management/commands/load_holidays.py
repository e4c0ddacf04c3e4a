from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from pcmt.rules.services import holidays_load


class Command(BaseCommand):
    help = (
        "Load the officially announced working-day calendars (days off and weekend working "
        "days, with their documents). Years already entered are kept unless --replace."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--replace", action="store_true", help="Replace years already in the table."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Calendar years loaded: {holidays_load(replace=options['replace'])}")
