"""Write docs/lifecycles.md from the declared lifecycles."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from pcmt.lifecycle.diagrams import document


class Command(BaseCommand):
    help = "Write docs/lifecycles.md (Mermaid state diagrams) from the declared lifecycles."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", default=str(Path(settings.BASE_DIR) / "docs" / "lifecycles.md")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        Path(options["output"]).write_text(document(), encoding="utf-8")
        self.stdout.write(f"Wrote {options['output']}")
