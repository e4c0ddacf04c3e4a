"""Hotspots: registration, the dated lifecycle, counts as of a past day, location checks."""

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pcmt.accounts.scope import scope_for
from pcmt.audit.models import Event
from pcmt.core.errors import DomainError, NotFound
from pcmt.geo.boundaries import boundaries_load
from pcmt.places.models import HotspotSeverity, HotspotSpell, HotspotStatus
from pcmt.places.selectors import hotspot_counts_on, hotspots_open_on
from pcmt.places.services import LocationNeedsReason, hotspot_eliminate, hotspot_re_emerge
from tests.geo.test_boundaries import square, write_province

D = datetime.date


def _events(hotspot: Any) -> list[str]:
    return list(Event.objects.of("hotspot", hotspot.pk).values_list("action", flat=True))


def test_registration_writes_one_event_and_one_open_spell(make_hotspot, alice):
    hotspot = make_hotspot()
    assert hotspot.status == HotspotStatus.DETECTED
    assert _events(hotspot) == ["hotspot_created"]
    event = Event.objects.of("hotspot", hotspot.pk).get()
    assert event.actor == alice
    assert event.changes["discovered_on"] == [None, "2023-03-01"]
    assert list(hotspot.spells.values_list("started_on", "ended_on")) == [(D(2023, 3, 1), None)]


def test_eliminate_re_emerge_eliminate_again_keeps_every_step(make_hotspot, alice):
    hotspot = make_hotspot()
    hotspot_eliminate(
        actor=alice, hotspot=hotspot, eliminated_on=D(2023, 6, 1), measures="Triệt xóa"
    )
    hotspot_re_emerge(
        actor=alice, hotspot=hotspot, re_emerged_on=D(2024, 2, 1), severity=HotspotSeverity.SEVERE
    )
    hotspot = hotspot_eliminate(actor=alice, hotspot=hotspot.pk, eliminated_on=D(2024, 9, 1))
    hotspot.refresh_from_db()
    assert hotspot.status == HotspotStatus.ELIMINATED
    assert (hotspot.eliminated_on, hotspot.re_emerged_on) == (D(2024, 9, 1), D(2024, 2, 1))
    assert hotspot.severity == HotspotSeverity.SEVERE
    assert _events(hotspot) == [
        "hotspot_created",
        "hotspot_eliminated",
        "hotspot_re_emerged",
        "hotspot_eliminated",
    ]
    events = list(Event.objects.of("hotspot", hotspot.pk))
    assert events[1].changes["status"] == ["detected", "eliminated"]
    assert events[1].note == "Triệt xóa"
    assert events[2].changes["severity"] == ["ordinary", "severe"]
    assert events[3].changes["status"] == ["re_emerged", "eliminated"]
    assert list(hotspot.spells.values_list("started_on", "ended_on", "severity")) == [
        (D(2023, 3, 1), D(2023, 6, 1), "ordinary"),
        (D(2024, 2, 1), D(2024, 9, 1), "severe"),
    ]


def test_illegal_transitions_and_failed_guards_write_nothing(make_hotspot, alice):
    hotspot = make_hotspot()
    with pytest.raises(DomainError) as refused:
        hotspot_re_emerge(actor=alice, hotspot=hotspot, re_emerged_on=D(2023, 5, 1))
    assert refused.value.code == "illegal_transition"
    with pytest.raises(DomainError) as early:
        hotspot_eliminate(actor=alice, hotspot=hotspot, eliminated_on=D(2023, 2, 1))
    assert early.value.code == "date_before_previous_step"
    with pytest.raises(DomainError) as future:
        hotspot_eliminate(actor=alice, hotspot=hotspot, eliminated_on=D(2999, 1, 1))
    assert future.value.code == "date_in_future"
    hotspot_eliminate(actor=alice, hotspot=hotspot, eliminated_on=D(2023, 6, 1))
    with pytest.raises(DomainError) as twice:
        hotspot_eliminate(actor=alice, hotspot=hotspot, eliminated_on=D(2023, 7, 1))
    assert twice.value.code == "illegal_transition"
    hotspot.refresh_from_db()
    assert hotspot.eliminated_on == D(2023, 6, 1)
    assert _events(hotspot) == ["hotspot_created", "hotspot_eliminated"]
    assert HotspotSpell.objects.filter(hotspot=hotspot).count() == 1


def test_other_communes_health_and_supervisors_cannot_write(make_hotspot, bob, hana, sam, ann):
    hotspot = make_hotspot()
    for actor in (bob, hana, sam, ann):
        with pytest.raises(NotFound):
            hotspot_eliminate(actor=actor, hotspot=hotspot, eliminated_on=D(2023, 6, 1))
    assert _events(hotspot) == ["hotspot_created"]


def test_the_provincial_drug_unit_writes_every_commune(make_hotspot, pc04, commune_b):
    hotspot = make_hotspot(actor=pc04, commune=commune_b)
    hotspot_eliminate(actor=pc04, hotspot=hotspot, eliminated_on=D(2023, 6, 1))
    assert _events(hotspot) == ["hotspot_created", "hotspot_eliminated"]


def test_a_commune_officer_cannot_register_in_another_commune(make_hotspot, alice, commune_b):
    with pytest.raises(NotFound):
        make_hotspot(actor=alice, commune=commune_b)


def test_counts_as_of_a_past_day_come_from_the_history(make_hotspot, alice, bob, commune_b, sam):
    # Open at 31/12/2023, eliminated later.
    first = make_hotspot(name="Điểm A", discovered_on=D(2023, 1, 10))
    hotspot_eliminate(actor=alice, hotspot=first, eliminated_on=D(2024, 3, 1))
    # Eliminated before the end of 2023, re-emerged in 2024: not open then.
    second = make_hotspot(name="Điểm B", discovered_on=D(2023, 2, 1))
    hotspot_eliminate(actor=alice, hotspot=second, eliminated_on=D(2023, 11, 1))
    hotspot_re_emerge(actor=alice, hotspot=second, re_emerged_on=D(2024, 5, 1))
    # Eliminated on the very day: not open at its end.
    third = make_hotspot(name="Điểm C", discovered_on=D(2023, 4, 1))
    hotspot_eliminate(actor=alice, hotspot=third, eliminated_on=D(2023, 12, 31))
    # Discovered after the day.
    fourth = make_hotspot(name="Điểm D", discovered_on=D(2024, 1, 2))
    # Severe, in commune B, re-emerged in 2023 and still open.
    fifth = make_hotspot(
        actor=bob,
        commune=commune_b,
        name="Điểm E",
        discovered_on=D(2022, 5, 1),
        severity=HotspotSeverity.SEVERE,
    )
    hotspot_eliminate(actor=bob, hotspot=fifth, eliminated_on=D(2022, 9, 1))
    hotspot_re_emerge(actor=bob, hotspot=fifth, re_emerged_on=D(2023, 8, 1))

    day = D(2023, 12, 31)
    province = scope_for(sam)
    assert set(hotspots_open_on(province, day)) == {first, fifth}
    counts = hotspot_counts_on(province, day)
    assert counts["total"] == 2
    assert counts["by_commune"] == {first.commune_id: 1, commune_b.pk: 1}
    assert counts["by_severity"] == {"ordinary": 1, "severe": 1}
    # Today the status column says something else: first eliminated, second re-emerged.
    assert set(hotspots_open_on(province, D(2024, 6, 1))) == {second, fourth, fifth}
    assert set(hotspots_open_on(scope_for(alice), day)) == {first}
    assert hotspot_counts_on(scope_for(bob), D(2022, 10, 1))["total"] == 0


@pytest.fixture
def outlined(commune_a: Any, commune_b: Any, tmp_path: Path) -> None:
    write_province(
        tmp_path,
        "01",
        {"00004": square(105.80, 21.00, 0.01), "00008": square(105.81, 21.00, 0.01)},
    )
    boundaries_load(provinces=["01"], directory=tmp_path)


def test_a_point_outside_the_commune_needs_a_reason(outlined, make_hotspot):
    outside = {"latitude": Decimal("21.005"), "longitude": Decimal("105.815")}
    with pytest.raises(LocationNeedsReason) as warned:
        make_hotspot(**outside)
    assert warned.value.code == "location_outside_commune"
    assert not HotspotSpell.objects.exists()
    hotspot = make_hotspot(**outside, location_override_reason="Bãi sông giáp ranh")
    assert hotspot.location_override_reason == "Bãi sông giáp ranh"
    inside = make_hotspot(latitude=Decimal("21.005"), longitude=Decimal("105.805"))
    assert inside.location_override_reason == ""
