"""Rebuild the summary tables from the source tables and report any drift."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pcmt.summaries.services import summary_names, summary_rebuild


class Command(BaseCommand):
    help = "Recompute every summary table; report what differed. --check only reports."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="report drift, change nothing")
        parser.add_argument("--summary", action="append", help="only this summary (repeatable)")

    def handle(self, *args: Any, **options: Any) -> None:
        names = options["summary"] or summary_names()
        unknown = sorted(set(names) - set(summary_names()))
        if unknown:
            raise CommandError(f"Unknown summary: {', '.join(unknown)}")
        drifted = False
        for name in names:
            drift = summary_rebuild(name, write=not options["check"])
            if drift.clean:
                self.stdout.write(f"{name}: no drift")
                continue
            drifted = True
            verb = "found" if options["check"] else "repaired"
            self.stdout.write(
                f"{name}: drift {verb}: {drift.subjects} subjects, {drift.tallies} tally rows"
            )
            for example in drift.examples[:6]:
                self.stdout.write(f"  {example}")
        if drifted and options["check"]:
            raise CommandError("The summaries differ from the source tables.")
