"""Recording population figures: who may, what is checked, and the event each write makes."""

import datetime
from typing import Any

import pytest

from pcmt.accounts.models import User
from pcmt.audit.models import Event
from pcmt.core.errors import DomainError, NotFound
from pcmt.geo.models import AdminUnit, Village
from pcmt.population.models import PopulationFigure
from pcmt.population.services import (
    FigureInput,
    population_figure_record,
    population_figure_update,
)


def figure(commune: AdminUnit, **overrides: Any) -> FigureInput:
    values: dict[str, Any] = {
        "commune": commune,
        "year": 2025,
        "residents": 65000,
        "as_of": datetime.date(2025, 6, 30),
        "source": "Chi cục Thống kê",
    }
    values.update(overrides)
    return FigureInput(**values)


def test_a_provincial_officer_records_a_commune_figure(hana: User, commune_a: AdminUnit) -> None:
    saved, outcome = population_figure_record(actor=hana, data=figure(commune_a))

    assert outcome == "created"
    assert (saved.residents, saved.year, saved.created_by) == (65000, 2025, hana)


def test_recording_the_same_year_again_replaces_the_figure(
    hana: User, commune_a: AdminUnit
) -> None:
    first, _ = population_figure_record(actor=hana, data=figure(commune_a))

    second, outcome = population_figure_record(actor=hana, data=figure(commune_a, residents=66000))

    assert (second.pk, outcome, second.residents) == (first.pk, "updated", 66000)
    assert PopulationFigure.objects.count() == 1


def test_the_same_figure_twice_changes_nothing(hana: User, commune_a: AdminUnit) -> None:
    population_figure_record(actor=hana, data=figure(commune_a))

    _saved, outcome = population_figure_record(actor=hana, data=figure(commune_a))

    assert outcome == "unchanged"


def test_a_village_figure_sits_beside_the_commune_figure(
    hana: User, commune_a: AdminUnit, village_a: Village
) -> None:
    population_figure_record(actor=hana, data=figure(commune_a))

    population_figure_record(actor=hana, data=figure(commune_a, village=village_a, residents=900))

    assert PopulationFigure.objects.filter(commune=commune_a).count() == 2


def test_every_write_is_recorded_as_an_event(hana: User, commune_a: AdminUnit) -> None:
    saved, _ = population_figure_record(actor=hana, data=figure(commune_a))
    population_figure_record(actor=hana, data=figure(commune_a, residents=66000))

    events = list(Event.objects.of("population", saved.pk))
    assert [(e.action, e.actor_id) for e in events] == [
        ("created", hana.pk),
        ("updated", hana.pk),
    ]
    assert events[1].changes == {"residents": [65000, 66000]}


@pytest.mark.parametrize("persona", ["alice", "bob", "sam", "ann", "olga"])
def test_only_provincial_officers_and_administrators_write(
    persona: str, commune_a: AdminUnit, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona)

    with pytest.raises(NotFound):
        population_figure_record(actor=user, data=figure(commune_a))


def test_an_administrator_writes_any_commune(
    admin_user: User, other_province_commune: AdminUnit
) -> None:
    _saved, outcome = population_figure_record(
        actor=admin_user, data=figure(other_province_commune)
    )

    assert outcome == "created"


def test_a_provincial_officer_cannot_write_another_province(
    hana: User, other_province_commune: AdminUnit
) -> None:
    with pytest.raises(NotFound):
        population_figure_record(actor=hana, data=figure(other_province_commune))


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"year": 1990}, "population_year"),
        ({"residents": -1}, "population_residents"),
        ({"residents": 50_000_000}, "population_residents"),
        ({"as_of": datetime.date(2999, 1, 1)}, "population_as_of_future"),
        ({"source": "  "}, "population_source"),
    ],
)
def test_impossible_figures_are_refused_with_a_code(
    hana: User, commune_a: AdminUnit, overrides: dict[str, Any], code: str
) -> None:
    with pytest.raises(DomainError) as caught:
        population_figure_record(actor=hana, data=figure(commune_a, **overrides))

    assert caught.value.code == code


def test_a_village_of_another_commune_is_refused(
    hana: User, commune_b: AdminUnit, village_a: Village
) -> None:
    with pytest.raises(DomainError) as caught:
        population_figure_record(actor=hana, data=figure(commune_b, village=village_a))

    assert caught.value.code == "population_village_other_commune"


def test_an_update_cannot_take_another_figure_s_year(
    hana: User, commune_a: AdminUnit, figure_a: PopulationFigure
) -> None:
    other, _ = population_figure_record(actor=hana, data=figure(commune_a, year=2025))

    with pytest.raises(DomainError) as caught:
        population_figure_update(actor=hana, figure=other, data=figure(commune_a, year=2024))

    assert caught.value.code == "population_duplicate"
