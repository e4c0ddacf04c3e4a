"""A new layer is one function and one registration; Gi* runs over the province's communes."""

from typing import Any

import pytest
from django.urls import reverse

from pcmt.core.text import fold
from pcmt.geo.models import AdminUnit, DivisionType, UnitLevel, UnitNeighbour
from pcmt.maps.layers import MEASURES, Measure, measure_register
from tests.maps.conftest import outline

SIZE = 6


@pytest.fixture
def grid(province: AdminUnit, sam: Any) -> dict[tuple[int, int], AdminUnit]:
    """A 6 × 6 grid of communes with queen neighbours and outlines."""
    cells = {}
    for row in range(SIZE):
        for col in range(SIZE):
            code = f"9{row}{col}00"
            unit = AdminUnit.objects.create(
                code=code,
                level=UnitLevel.COMMUNE,
                division_type=DivisionType.COMMUNE,
                name=f"Ô {row}-{col}",
                name_folded=fold(f"O {row}-{col}"),
                parent=province,
                province_code=province.code,
            )
            outline(unit, 105.0 + col * 0.02, 21.0 + row * 0.02)
            cells[(row, col)] = unit
    links = []
    for (row, col), unit in cells.items():
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                other = cells.get((row + dr, col + dc))
                if (dr or dc) and other is not None:
                    links.append(UnitNeighbour(unit=unit, neighbour=other))
    UnitNeighbour.objects.bulk_create(links)
    return cells


@pytest.fixture
def incidents(grid: dict[tuple[int, int], AdminUnit]) -> Any:
    """A layer from elsewhere: counts high in the north-west corner, low elsewhere."""
    hot = {grid[(r, c)].pk for r in range(3) for c in range(3)}
    pattern = [0, 1, 2, 1, 0, 2, 1, 0]

    def counts(scope: Any, period: Any) -> dict[int, int]:
        units = scope.communes().values_list("pk", flat=True)
        return {pk: 40 if pk in hot else pattern[pk % len(pattern)] for pk in units}

    measure_register(Measure("incidents", "Incidents", "incidents", counts, lambda access: True))
    yield hot
    MEASURES.pop("incidents")


def test_a_registered_measure_is_classified_and_analysed(client, grid, incidents, sam):
    client.force_login(sam)
    values = client.get(reverse("api_map_values"), {"measure": "incidents"}).json()
    assert len(values["values"]) == SIZE * SIZE
    analysis = client.get(reverse("api_map_analysis"), {"measure": "incidents"}).json()
    assert analysis["ran"] is True
    centre = grid[(1, 1)].code
    far = grid[(5, 5)].code
    assert analysis["units"][centre]["bin"] >= 2
    assert analysis["units"][far]["bin"] <= 0
    hot_codes = {code for code, unit in analysis["units"].items() if unit["bin"] > 0}
    corner = {grid[(r, c)].code for r in range(4) for c in range(4)}
    assert hot_codes and hot_codes <= corner
