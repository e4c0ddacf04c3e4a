"""Two neighbouring communes with square outlines, a population figure for A, and a hotspot."""

import datetime
import json
from typing import Any

import pytest

from pcmt.geo.models import AdminUnit, UnitBoundary, UnitNeighbour
from pcmt.places.models import HotspotKind, HotspotSeverity
from pcmt.places.services import HotspotInput, hotspot_create
from pcmt.population.models import PopulationFigure


def outline(unit: AdminUnit, west: float, south: float, size: float = 0.02) -> UnitBoundary:
    ring = [
        [west, south],
        [west + size, south],
        [west + size, south + size],
        [west, south + size],
        [west, south],
    ]
    geometry = json.dumps({"type": "Polygon", "coordinates": [ring]})
    return UnitBoundary.objects.create(
        unit=unit,
        geometry=geometry,
        geometry_overview=geometry,
        min_lat=south,
        min_lng=west,
        max_lat=south + size,
        max_lng=west + size,
        area_km2=4.9,
        source="test",
    )


@pytest.fixture
def mapped(commune_a: AdminUnit, commune_b: AdminUnit) -> tuple[AdminUnit, AdminUnit]:
    """Commune A west of commune B, sharing a border."""
    outline(commune_a, 105.80, 21.00)
    outline(commune_b, 105.82, 21.00)
    UnitNeighbour.objects.create(unit=commune_a, neighbour=commune_b, shared_border_km=2.2)
    UnitNeighbour.objects.create(unit=commune_b, neighbour=commune_a, shared_border_km=2.2)
    PopulationFigure.objects.create(
        commune=commune_a, year=2025, residents=20000, as_of=datetime.date(2025, 1, 1), source="t"
    )
    return commune_a, commune_b


@pytest.fixture
def located_hotspot(alice: Any, commune_a: AdminUnit) -> Any:
    return hotspot_create(
        actor=alice,
        data=HotspotInput(
            commune=commune_a,
            name="Bãi đất trống ven sông",
            kind=HotspotKind.ORGANISED_USE,
            severity=HotspotSeverity.SEVERE,
            discovered_on=datetime.date(2025, 2, 1),
            latitude=21.01,  # type: ignore[arg-type]
            longitude=105.81,  # type: ignore[arg-type]
        ),
    )
