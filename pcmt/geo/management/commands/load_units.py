"""Load or refresh the administrative units, legacy units and conversion from the packages."""

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from pcmt.geo.loader import units_load


class Command(BaseCommand):
    help = (
        "Load or refresh the 2025 provinces and communes, the pre-2025 units and the "
        "old→new commune conversion from the installed packages (offline, idempotent)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--province",
            nargs="+",
            action="extend",
            dest="provinces",
            metavar="CODE",
            help="2025 province code(s) to load, e.g. --province 01 79 (default: all)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            report = units_load(provinces=options["provinces"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"2025 units: {report.provinces} provinces, {report.communes} communes "
            f"({report.communes_without_centroid} without centroid, "
            f"{report.communes_without_area} without area)\n"
            f"Legacy units: {report.legacy_provinces} provinces, "
            f"{report.legacy_districts} districts, {report.legacy_communes} communes\n"
            f"Conversions: {report.conversions} old→new commune pairs "
            f"({report.partial_conversions} partial)\n"
            f"Rows created {report.created}, updated {report.updated}, "
            f"deleted {report.deleted} in {elapsed:.1f} s"
        )
