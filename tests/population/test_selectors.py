"""Reading figures through the scope; residents on a day; rates that never divide by zero."""

import datetime
from decimal import Decimal

from pcmt.accounts.models import User
from pcmt.geo.models import AdminUnit
from pcmt.population.models import PopulationFigure
from pcmt.population.selectors import (
    population_figures,
    rate_per_1000,
    residents_by_commune,
    residents_on,
)


def test_readers_see_their_jurisdiction_only(
    figure_a: PopulationFigure,
    commune_b: AdminUnit,
    alice: User,
    bob: User,
    ann: User,
    hana: User,
    olga: User,
) -> None:
    assert list(population_figures(alice)) == [figure_a]
    assert list(population_figures(ann)) == [figure_a]
    assert list(population_figures(hana)) == [figure_a]
    assert list(population_figures(bob)) == []
    assert list(population_figures(olga)) == []


def test_residents_on_a_day_use_the_latest_figure_dated_before_it(
    figure_a: PopulationFigure, commune_a: AdminUnit
) -> None:
    PopulationFigure.objects.create(
        commune=commune_a,
        year=2025,
        residents=66000,
        as_of=datetime.date(2025, 12, 31),
        source="Thống kê",
    )

    assert residents_on(commune=commune_a, on=datetime.date(2024, 12, 30)) is None
    assert residents_on(commune=commune_a, on=datetime.date(2025, 6, 1)) == 64000
    assert residents_on(commune=commune_a, on=datetime.date(2026, 1, 1)) == 66000
    assert residents_by_commune(communes=[commune_a], on=datetime.date(2026, 1, 1)) == {
        commune_a.pk: 66000
    }


def test_a_rate_without_population_is_none_not_an_error() -> None:
    assert rate_per_1000(13, 65000) == Decimal("0.20")
    assert rate_per_1000(13, 0) is None
    assert rate_per_1000(13, None) is None
