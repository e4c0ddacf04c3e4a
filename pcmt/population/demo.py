"""Plausible population figures for the demo province (synthetic, marked by their source)."""

import datetime
import random
from collections.abc import Iterable

from pcmt.geo.models import AdminUnit, DivisionType, Village
from pcmt.population.models import PopulationFigure

DEMO_SOURCE = "Số liệu mô phỏng (demo)"
DEMO_YEARS = (2023, 2024, 2025)


def _base(commune: AdminUnit, rng: random.Random) -> int:
    """Residents at the end of the first year: wards are denser than rural communes."""
    if commune.division_type == DivisionType.WARD:
        return rng.randint(35_000, 140_000)
    if commune.division_type == DivisionType.SPECIAL_ZONE:
        return rng.randint(3_000, 40_000)
    return rng.randint(18_000, 75_000)


def population_demo_ensure(*, communes: Iterable[AdminUnit], seed: int = 2026) -> int:
    """Give each commune and each of its villages or residential groups a figure per year
    (the villages share the commune's residents by fixed weights).

    Idempotent: only missing figures are added. Returns how many were added.
    """
    communes = list(communes)
    villages: dict[int, list[Village]] = {}
    for village in Village.objects.filter(commune__in=communes).order_by("name_folded"):
        villages.setdefault(village.commune_id, []).append(village)
    rows: list[PopulationFigure] = []
    for commune in communes:
        rng = random.Random(f"{seed}-population-{commune.code}")  # noqa: S311
        residents = _base(commune, rng)
        own = villages.get(commune.pk, [])
        weights = [rng.uniform(0.5, 1.5) for _ in own]
        for year in DEMO_YEARS:
            as_of = datetime.date(year, 12, 31)
            rows.append(
                PopulationFigure(
                    commune=commune, year=year, residents=residents, as_of=as_of, source=DEMO_SOURCE
                )
            )
            for village, weight in zip(own, weights, strict=True):
                rows.append(
                    PopulationFigure(
                        commune=commune,
                        village=village,
                        year=year,
                        residents=round(residents * weight / sum(weights)),
                        as_of=as_of,
                        source=DEMO_SOURCE,
                    )
                )
            residents = round(residents * (1 + rng.uniform(0.002, 0.025)))
    before = PopulationFigure.objects.filter(commune__in=communes).count()
    PopulationFigure.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    return PopulationFigure.objects.filter(commune__in=communes).count() - before
