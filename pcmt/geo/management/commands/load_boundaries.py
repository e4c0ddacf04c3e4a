"""Load or refresh the outlines of provinces and communes and the commune neighbours."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from pcmt.geo.boundaries import boundaries_load

_SHOWN = 20


class Command(BaseCommand):
    help = (
        "Load the province and commune boundaries shipped with PCMT (pcmt/geo/data/boundaries) "
        "and compute which communes neighbour each other (offline, idempotent). Run load_units "
        "first; units without a boundary are listed, never an error."
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
        report = boundaries_load(provinces=options["provinces"])
        out = self.stdout
        out.write(
            f"Boundaries: {report.provinces} provinces, {report.communes} communes; "
            f"{report.neighbour_pairs} neighbouring commune pairs in {report.seconds:.1f} s"
        )
        if not report.provinces and not report.communes:
            out.write(self.style.WARNING("No unit in force matched: run load_units first."))
        for label, items in (
            ("Units without a boundary", report.units_without_boundary),
            ("Codes in the files that match no unit in force", report.unknown_codes),
            ("Codes whose geometry is unusable", report.unusable),
            ("Outlines matched by name (the sources' codes differ)", report.matched_by_name),
        ):
            if items:
                shown = ", ".join(items[:_SHOWN])
                more = f" … and {len(items) - _SHOWN} more" if len(items) > _SHOWN else ""
                out.write(self.style.WARNING(f"{label} ({len(items)}): {shown}{more}"))
