"""The demo's population figures: plausible, per year and per village, added once."""

from pcmt.geo.models import AdminUnit, Village
from pcmt.population.demo import DEMO_YEARS, population_demo_ensure
from pcmt.population.models import PopulationFigure


def test_each_commune_and_each_village_gets_a_figure_a_year(
    commune_a: AdminUnit, commune_b: AdminUnit, village_a: Village
) -> None:
    added = population_demo_ensure(communes=[commune_a, commune_b])

    assert added == 3 * len(DEMO_YEARS)
    series = list(
        PopulationFigure.objects.filter(commune=commune_a, village=None)
        .order_by("year")
        .values_list("residents", flat=True)
    )
    assert 35_000 <= series[0] <= 150_000
    assert series == sorted(series)
    villages = PopulationFigure.objects.filter(village=village_a).order_by("year")
    assert [f.year for f in villages] == list(DEMO_YEARS)
    # The commune's only village holds all of its residents.
    assert [f.residents for f in villages] == series


def test_a_second_run_adds_nothing(commune_a: AdminUnit) -> None:
    population_demo_ensure(communes=[commune_a])

    assert population_demo_ensure(communes=[commune_a]) == 0
