from typing import Any

from django.core.management.base import BaseCommand

from pcmt.rules.services import holidays_load


class Command(BaseCommand):
    help = "Load the known Vietnamese public holidays into the holiday table."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Holidays added: {holidays_load()}")
