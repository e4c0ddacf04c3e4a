"""Hot-spot and emerging hot-spot analysis of a CSV of located points over H3 hexagons.

No database is read or written: points in, one row per cell out (`pcmt/maps/hexagons.py`).
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from pcmt.core.errors import DomainError
from pcmt.maps.analysis import PERMUTATIONS, SEED, TREND_ALPHA
from pcmt.maps.hexagons import RESOLUTION, STEPS, hex_analysis, points_read, rows_write


class Command(BaseCommand):
    help = (
        "Getis-Ord Gi* (FDR bins) and Esri's emerging hot-spot categories of points "
        "(point_id, lat, lon, date) over H3 hexagons; no database is used."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, help="CSV: point_id, lat, lon, date")
        parser.add_argument("--output", required=True, help="CSV: cell, count, z, p, bin, pattern")
        parser.add_argument(
            "--resolution",
            type=int,
            default=None,
            choices=range(0, 16),
            help=f"H3 resolution (default: chosen from the points' spacing, {RESOLUTION} "
            "when they are too few)",
        )
        parser.add_argument("--step", default="quarter", choices=STEPS)
        parser.add_argument("--permutations", type=int, default=PERMUTATIONS)
        parser.add_argument("--alpha", type=float, default=TREND_ALPHA)
        parser.add_argument("--seed", type=int, default=SEED)

    def handle(self, *args: Any, **options: Any) -> None:
        if not 0 < options["alpha"] < 1:
            raise CommandError(_("--alpha must lie between 0 and 1."))
        if not 9 <= options["permutations"] <= 99999:
            raise CommandError(_("--permutations must be from 9 to 99999."))
        try:
            with open(options["input"], encoding="utf-8-sig", newline="") as source:
                points = points_read(source)
        except OSError as exc:
            raise CommandError(
                _("Cannot read the file %(name)s: %(error)s")
                % {"name": options["input"], "error": exc.strerror}
            ) from exc
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        result = hex_analysis(
            points,
            resolution=options["resolution"],
            step=options["step"],
            permutations=options["permutations"],
            alpha=options["alpha"],
            seed=options["seed"],
        )
        try:
            with open(options["output"], "w", encoding="utf-8", newline="") as target:
                rows_write(target, result.rows)
        except OSError as exc:
            raise CommandError(
                _("Cannot write the file %(name)s: %(error)s")
                % {"name": options["output"], "error": exc.strerror}
            ) from exc
        if result.reason:
            self.stderr.write(result.reason)
        if result.pattern_reason:
            self.stderr.write(result.pattern_reason)
        significant = sum(1 for row in result.rows if row["bin"] not in ("", 0))
        self.stdout.write(
            _(
                "%(points)d points, %(cells)d hexagons of resolution %(resolution)d, "
                "%(steps)d time steps, %(significant)d significant cells → %(output)s"
            )
            % {
                "points": len(points),
                "resolution": result.resolution,
                "cells": len(result.rows),
                "steps": result.steps,
                "significant": significant,
                "output": options["output"],
            }
        )
