"""QĐ 28/2025 classification: each criterion at and around its threshold, the types, the
dated configuration, and the facts read from constructed communes."""

import dataclasses
import datetime
from decimal import Decimal

import pytest

from pcmt.accounts.scope import scope_for
from pcmt.persons.services import person_category_add
from pcmt.places.classification import (
    OFFENDERS,
    PLACES,
    PLANTS,
    QD_28_2025,
    RECORDS,
    ROUTE,
    Facts,
    classification_on,
    classify,
    commune_classification,
    config_for,
    facts_by_commune,
    judge,
    months_before,
)
from pcmt.places.models import HotspotKind, IncidentKind
from pcmt.places.services import (
    IncidentInput,
    drug_route_mark_set,
    hotspot_eliminate,
    incident_create,
)
from pcmt.population.models import PopulationFigure

D = datetime.date
DAY = D(2026, 3, 31)
TYPE_I = QD_28_2025.commune[0]


def _met(facts: Facts) -> dict[str, bool]:
    return {c.key: c.met for c in judge(facts, TYPE_I)}


@pytest.mark.parametrize(
    ("residents", "records", "met"),
    [(1000, 5, True), (1000, 4, False), (1001, 5, False), (999, 5, True)],
)
def test_persons_with_records_meet_the_criterion_from_half_a_percent(residents, records, met):
    assert _met(Facts(residents=residents, records=records))[RECORDS] is met


@pytest.mark.parametrize("residents", [None, 0])
def test_without_a_population_figure_the_shares_are_not_met_and_say_so(residents):
    criteria = {
        c.key: c for c in judge(Facts(residents=residents, records=50, offenders=9), TYPE_I)
    }
    for key in (RECORDS, OFFENDERS):
        assert criteria[key].met is False
        assert criteria[key].no_population is True
        assert criteria[key].percent is None


@pytest.mark.parametrize(("places", "met"), [(2, True), (1, False)])
def test_two_places_of_organised_use_meet_the_criterion(places, met):
    assert _met(Facts(residents=1000, places=places))[PLACES] is met


@pytest.mark.parametrize(
    ("residents", "offenders", "met"), [(1000, 1, True), (1001, 1, False), (2000, 2, True)]
)
def test_offenders_meet_the_criterion_from_a_tenth_of_a_percent(residents, offenders, met):
    assert _met(Facts(residents=residents, offenders=offenders))[OFFENDERS] is met


@pytest.mark.parametrize(
    ("plants", "area", "met"),
    [
        (3000, "0", True),
        (2999, "0", False),
        (0, "750", True),
        (2999, "749.9", False),
    ],
)
def test_plants_or_area_destroyed_meet_the_criterion(plants, area, met):
    assert _met(Facts(residents=1000, plants=plants, area_m2=Decimal(area)))[PLANTS] is met


@pytest.mark.parametrize(
    ("on_route", "places", "records", "met"),
    [
        (True, 2, 5, True),  # two other criteria
        (True, 2, 0, False),  # only one other
        (False, 2, 5, False),  # not on a route
    ],
)
def test_the_route_criterion_needs_two_other_criteria(on_route, places, records, met):
    facts = Facts(residents=1000, records=records, places=places, on_route=on_route)
    assert _met(facts)[ROUTE] is met


def test_three_criteria_make_type_one_and_the_route_counts_as_one():
    facts = Facts(residents=1000, records=5, places=2, on_route=True)
    result = classify(facts, DAY, QD_28_2025)
    assert result.area_type == "I"
    assert result.met == [RECORDS, PLACES, ROUTE]
    assert result.to_confirm is False


def test_two_criteria_at_type_one_thresholds_give_type_three():
    result = classify(Facts(residents=1000, records=5, places=2), DAY, QD_28_2025)
    assert result.area_type == "III"
    assert result.met_by_type["I"] == 2
    assert result.to_confirm is True  # type III's numbers are not confirmed


def test_three_criteria_at_type_two_thresholds_give_type_two():
    # 0.3 % records, 1 place, 0.05 % offenders: nothing at type I's thresholds.
    facts = Facts(residents=2000, records=6, places=1, offenders=1)
    result = classify(facts, DAY, QD_28_2025)
    assert result.met_by_type["I"] == 0
    assert result.area_type == "II"


def test_no_criterion_gives_no_type():
    result = classify(Facts(residents=1000), DAY, QD_28_2025)
    assert result.area_type is None
    assert result.met == []


def test_the_configuration_switches_on_its_effective_day():
    first = dataclasses.replace(QD_28_2025, code="A", effective_to=D(2026, 7, 1))
    stricter = tuple(dataclasses.replace(rule, places=3) for rule in QD_28_2025.commune)
    second = dataclasses.replace(
        QD_28_2025, code="B", effective_from=D(2026, 7, 1), effective_to=None, commune=stricter
    )
    configs = (first, second)
    assert config_for(D(2025, 8, 23), configs) is None
    assert config_for(D(2026, 6, 30), configs) is first
    assert config_for(D(2026, 7, 1), configs) is second
    facts = Facts(residents=1000, places=2)
    assert _places_met(facts, D(2026, 6, 30), configs) is True
    assert _places_met(facts, D(2026, 7, 1), configs) is False
    before = classify(facts, D(2025, 8, 23), config_for(D(2025, 8, 23), configs))
    assert before.config is None and before.area_type is None


def _places_met(facts, day, configs):
    result = classify(facts, day, config_for(day, configs))
    return {c.key: c.met for c in result.criteria}[PLACES]


@pytest.mark.parametrize(
    ("records", "places", "offenders", "area_type"),
    [
        (20, 5, 5, "I"),
        (19, 5, 5, "II"),  # just below 0.2 %: two at type I, three at type II's (to confirm)
        (20, 0, 0, "III"),
        (0, 4, 4, None),
    ],
)
def test_the_province_has_its_own_thresholds(records, places, offenders, area_type):
    # Province: 0.2 % of residents, 5 places, 0.05 % offenders.
    facts = Facts(residents=10_000, records=records, places=places, offenders=offenders)
    assert classify(facts, DAY, QD_28_2025, province=True).area_type == area_type


@pytest.mark.parametrize(
    ("day", "first"),
    [
        (D(2026, 3, 31), D(2025, 4, 1)),
        (D(2024, 2, 29), D(2023, 3, 1)),
        (D(2026, 1, 15), D(2025, 1, 16)),
    ],
)
def test_the_window_is_the_twelve_months_ending_on_the_day(day, first):
    assert months_before(day, 12) == first


# From the data ---------------------------------------------------------------------------------


@pytest.fixture
def constructed(alice, commune_a, commune_b, register, make_hotspot):
    """Commune A: 400 residents, 2 persons with records (0.5 %), 2 places of organised use
    open, 1 arrest of 1 offender (0.25 %) in the window, 3,000 plants; on a route."""
    PopulationFigure.objects.create(
        commune=commune_a, year=2025, residents=400, as_of=D(2025, 12, 31), source="Thống kê"
    )
    for name in ("Nguyễn Văn An", "Trần Văn Bảo"):
        person = register(full_name=name)
        person_category_add(
            actor=alice, person=person, category="drug_user", start_date=D(2025, 6, 1)
        )
    make_hotspot(name="Nhà trọ A", kind=HotspotKind.HARBOURING)
    make_hotspot(name="Bãi sông")
    make_hotspot(name="Điểm bán", kind=HotspotKind.SELLING)  # not a place of use
    gone = make_hotspot(name="Nhà hoang")
    hotspot_eliminate(actor=alice, hotspot=gone, eliminated_on=D(2026, 1, 1))

    def incident(**values):
        incident_create(
            actor=alice, data=IncidentInput(commune=commune_a, summary="Vụ việc", **values)
        )

    incident(kind=IncidentKind.ARREST, occurred_on=D(2025, 4, 1), offenders=1)
    incident(kind=IncidentKind.ARREST, occurred_on=D(2025, 3, 31), offenders=5)  # outside
    incident(kind=IncidentKind.PLANT_DESTRUCTION, occurred_on=D(2026, 2, 1), plants=3000)
    drug_route_mark_set(actor=alice, commune=commune_a, on_route=True, effective_on=D(2026, 1, 1))
    return commune_a


def test_the_facts_come_from_the_records_dated_on_or_before_the_day(constructed, sam):
    facts = facts_by_commune(scope_for(sam), DAY, QD_28_2025)[constructed.pk]
    assert facts == Facts(
        residents=400, records=2, places=2, offenders=1, plants=3000, on_route=True
    )
    earlier = facts_by_commune(scope_for(sam), D(2025, 12, 31), QD_28_2025)[constructed.pk]
    assert (earlier.places, earlier.on_route, earlier.plants) == (3, False, 0)


def test_a_constructed_commune_classifies_as_type_one(constructed, alice):
    result = commune_classification(scope_for(alice), constructed, DAY)
    assert result.area_type == "I"
    assert result.met == [RECORDS, PLACES, OFFENDERS, PLANTS, ROUTE]
    # Before the route mark and the plants: records, places and offenders remain.
    assert commune_classification(scope_for(alice), constructed, D(2025, 12, 31)).met == [
        RECORDS,
        PLACES,
        OFFENDERS,
    ]


def test_the_province_is_classified_only_for_the_whole_province(constructed, alice, sam):
    rows, province = classification_on(scope_for(sam), DAY)
    assert [row.commune.name for row in rows] == ["Ba Đình", "Ngọc Hà"]
    # Commune B has no figure: the province has no residents figure either.
    assert province is not None and province.facts.residents is None
    rows, province = classification_on(scope_for(alice), DAY)
    assert [row.commune for row in rows] == [constructed] and province is None


def test_the_route_mark_in_force_is_the_latest_dated_on_or_before_the_day(alice, sam, commune_a):
    drug_route_mark_set(actor=alice, commune=commune_a, on_route=True, effective_on=D(2026, 1, 1))
    drug_route_mark_set(actor=alice, commune=commune_a, on_route=False, effective_on=D(2026, 3, 1))
    on = {
        day: facts_by_commune(scope_for(sam), day, QD_28_2025)[commune_a.pk].on_route
        for day in (D(2025, 12, 31), D(2026, 2, 28), D(2026, 3, 1))
    }
    assert on == {D(2025, 12, 31): False, D(2026, 2, 28): True, D(2026, 3, 1): False}


def test_the_map_colours_communes_by_the_type_computed_on_the_period_end(constructed, sam):
    from pcmt.maps.layers import MEASURES
    from pcmt.maps.periods import period_containing

    measure = MEASURES["key_area_type"]
    scope = scope_for(sam)
    # Type I at the end of the first quarter of 2026; no type at the end of 2024 (no rule).
    assert measure.counts(scope, period_containing("quarter", DAY))[constructed.pk] == 3
    assert measure.counts(scope, period_containing("year", D(2024, 6, 1)))[constructed.pk] == 0


def test_map_markers_show_each_hotspot_in_the_state_it_stood_in_at_the_period_end(constructed, sam):
    from pcmt.maps.layers import MapAccess, hotspot_markers
    from pcmt.maps.periods import Period
    from pcmt.places.models import Hotspot

    Hotspot.objects.update(latitude=Decimal("21.03"), longitude=Decimal("105.83"))
    access = MapAccess(scope_for(sam), hotspot_counts=True, hotspot_markers=True)
    by_name = {
        f["properties"]["name"]: f["properties"]["status"]
        for f in hotspot_markers(access, Period("custom", D(2026, 1, 1), D(2026, 3, 31)))
    }
    assert by_name["Nhà hoang"] == "eliminated" and by_name["Nhà trọ A"] == "detected"
    before = hotspot_markers(access, Period("custom", D(2025, 1, 1), D(2025, 12, 31)))
    assert {f["properties"]["status"] for f in before} == {"detected"}
