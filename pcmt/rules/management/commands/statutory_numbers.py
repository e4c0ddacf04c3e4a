from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from pcmt.rules.statutory import render_markdown

PAGE = Path(settings.BASE_DIR) / "docs" / "statutory-numbers.md"


class Command(BaseCommand):
    help = "Write docs/statutory-numbers.md from the registry of statutory numbers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="Fail if the page is not up to date."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        text = render_markdown()
        if options["check"]:
            if not PAGE.exists() or PAGE.read_text(encoding="utf-8") != text:
                raise CommandError(f"{PAGE} is stale: run manage.py statutory_numbers")
            return
        PAGE.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {PAGE}")
