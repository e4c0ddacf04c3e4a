"""The demo's population figures: plausible, per year and per village, added once."""

from pcmt.geo.models import AdminUnit, Village
from pcmt.population.demo import DEMO_YEARS, population_demo_ensure
from pcmt.population.models import PopulationFigure


def test_each_commune_gets_a_figure_a_year_and_its_villages_one(
    commune_a: AdminUnit, commune_b: AdminUnit, village_a: Village
) -> None:
    added = population_demo_ensure(communes=[commune_a, commune_b])

    assert added == 2 * len(DEMO_YEARS) + 1
    series = list(
        PopulationFigure.objects.filter(commune=commune_a, village=None)
        .order_by("year")
        .values_list("residents", flat=True)
    )
    assert 35_000 <= series[0] <= 150_000
    assert series == sorted(series)
    assert PopulationFigure.objects.get(village=village_a).residents == series[-1]


def test_a_second_run_adds_nothing(commune_a: AdminUnit) -> None:
    population_demo_ensure(communes=[commune_a])

    assert population_demo_ensure(communes=[commune_a]) == 0
