"""Check every event stream's hash chain: exit 0 when intact, 1 naming the first broken link."""

import sys
from typing import Any

from django.core.management.base import BaseCommand

from pcmt.audit.verify import audit_verify


class Command(BaseCommand):
    help = "Recompute the hash chain of every event stream and report the first broken link."

    def handle(self, *args: Any, **options: Any) -> None:
        result = audit_verify()
        if result.broken is not None:
            self.stderr.write(f"Broken chain: {result.broken}")
            sys.exit(1)
        self.stdout.write(f"{result.events} events in {result.streams} streams: chains intact.")
