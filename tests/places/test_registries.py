"""Incidents, key areas, businesses and drug-free units: registration, dated lifecycles,
counts as of a past day reconstructed from the history, versions."""

import datetime
from decimal import Decimal
from typing import Any

import pytest

from pcmt.accounts.scope import scope_for
from pcmt.audit.models import Event
from pcmt.core.errors import DomainError, NotFound
from pcmt.geo.models import VillageKind
from pcmt.places.models import (
    BusinessKind,
    BusinessStatus,
    DrugFreeLevel,
    IncidentKind,
    KeyAreaStatus,
)
from pcmt.places.selectors import (
    business_counts_on,
    drug_free_shares_on,
    hotspot_counts_on,
    incident_counts_between,
    key_area_counts_on,
    key_areas_sustained_share,
    key_areas_transformed_share,
)
from pcmt.places.services import (
    BusinessInput,
    DrugFreeInput,
    IncidentInput,
    KeyAreaInput,
    StaleVersion,
    business_close,
    business_inspect,
    business_update,
    drug_free_recognise,
    drug_free_withdraw,
    hotspot_eliminate,
    hotspot_re_emerge,
    hotspot_update,
    incident_create,
    key_area_re_emerge,
    key_area_reopen,
    key_area_select,
    key_area_start,
    key_area_sustain,
    key_area_transform,
    key_area_update,
)

D = datetime.date


def _actions(stream: str, pk: int) -> list[str]:
    return list(Event.objects.of(stream, pk).values_list("action", flat=True))


# Incidents ---------------------------------------------------------------------------------


def _incident(actor: Any, commune: Any, **overrides: Any) -> Any:
    values: dict[str, Any] = {
        "commune": commune,
        "summary": "Bắt quả tang mua bán trái phép",
        "kind": IncidentKind.ARREST,
        "occurred_on": D(2024, 3, 5),
        "offenders": 2,
    }
    values.update(overrides)
    return incident_create(actor=actor, data=IncidentInput(**values))


def test_an_incident_is_recorded_with_one_event_and_its_links(
    alice, commune_a, make_hotspot, make_business
):
    hotspot, business = make_hotspot(), make_business()
    incident = _incident(alice, commune_a, hotspot=hotspot, business=business)
    assert _actions("incident", incident.pk) == ["incident_created"]
    event = Event.objects.of("incident", incident.pk).get()
    assert event.changes["offenders"] == [None, 2]
    assert event.changes["hotspot"] == [None, hotspot.pk]
    assert event.changes["occurred_on"] == [None, "2024-03-05"]
    assert incident.hotspot == hotspot and incident.business == business


def test_an_incident_refuses_a_hotspot_of_another_commune_and_a_quantity_without_unit(
    alice, bob, commune_a, commune_b, make_hotspot
):
    other = make_hotspot(actor=bob, commune=commune_b, name="Chợ cũ")
    with pytest.raises(DomainError) as linked:
        _incident(alice, commune_a, hotspot=other)
    assert (linked.value.code, linked.value.field) == ("place_link_other_commune", "hotspot")
    with pytest.raises(DomainError) as unit:
        _incident(alice, commune_a, kind=IncidentKind.SEIZURE, quantity=Decimal("1.5"))
    assert unit.value.code == "incident_unit_required"
    with pytest.raises(NotFound):
        _incident(bob, commune_a)


def test_incident_counts_over_a_period(alice, bob, commune_a, commune_b, sam):
    _incident(alice, commune_a, occurred_on=D(2024, 1, 1), offenders=3)
    _incident(
        alice,
        commune_a,
        kind=IncidentKind.PLANT_DESTRUCTION,
        occurred_on=D(2024, 6, 30),
        offenders=0,
        plants=1200,
        area_m2=Decimal("300.5"),
    )
    _incident(bob, commune_b, occurred_on=D(2025, 1, 1), offenders=1)
    counts = incident_counts_between(scope_for(sam), D(2024, 1, 1), D(2024, 12, 31))
    assert counts["total"] == 2
    assert counts["offenders"] == 3
    assert counts["plants"] == 1200
    assert counts["area_m2"] == Decimal("300.5")
    assert counts["by_kind"] == {"arrest": 1, "plant_destruction": 1}
    assert incident_counts_between(scope_for(bob), D(2024, 1, 1), D(2025, 12, 31))["total"] == 1


# Key areas ---------------------------------------------------------------------------------


def test_a_key_area_is_transformed_re_emerges_and_is_reopened_with_its_history(
    alice, make_key_area
):
    area = make_key_area()
    key_area_start(actor=alice, key_area=area, transforming_since=D(2023, 2, 1))
    key_area_transform(actor=alice, key_area=area, transformed_on=D(2023, 12, 1))
    key_area_re_emerge(actor=alice, key_area=area, re_emerged_on=D(2024, 6, 1), note="Tái")
    key_area_reopen(actor=alice, key_area=area, transforming_since=D(2024, 7, 1))
    key_area_transform(actor=alice, key_area=area.pk, transformed_on=D(2025, 3, 1))
    area = key_area_sustain(actor=alice, key_area=area.pk, sustained_on=D(2026, 3, 1))
    area.refresh_from_db()
    assert area.status == KeyAreaStatus.SUSTAINED
    assert list(area.periods.values_list("status", "started_on", "ended_on")) == [
        ("selected", D(2023, 1, 10), D(2023, 2, 1)),
        ("transforming", D(2023, 2, 1), D(2023, 12, 1)),
        ("transformed", D(2023, 12, 1), D(2024, 6, 1)),
        ("re_emerged", D(2024, 6, 1), D(2024, 7, 1)),
        ("transforming", D(2024, 7, 1), D(2025, 3, 1)),
        ("transformed", D(2025, 3, 1), D(2026, 3, 1)),
        ("sustained", D(2026, 3, 1), None),
    ]
    assert _actions("key_area", area.pk) == [
        "key_area_selected",
        "key_area_started",
        "key_area_transformed",
        "key_area_re_emerged",
        "key_area_reopened",
        "key_area_transformed",
        "key_area_sustained",
    ]
    # Every step raised the version.
    assert area.version == 7


@pytest.mark.parametrize(
    ("steps", "refused"),
    [
        ([], "transform"),  # selected: not yet being transformed
        ([], "sustain"),
        ([], "re_emerge"),
        ([], "reopen"),
        (["start"], "start"),
        (["start"], "re_emerge"),
        (["start", "transform"], "reopen"),
        (["start", "transform", "sustain"], "transform"),
        (["start", "transform", "re_emerge"], "sustain"),
    ],
)
def test_illegal_key_area_steps_are_refused_with_a_stable_code(
    alice, make_key_area, steps, refused
):
    area = make_key_area()
    runs = {
        "start": lambda day: key_area_start(actor=alice, key_area=area, transforming_since=day),
        "transform": lambda day: key_area_transform(actor=alice, key_area=area, transformed_on=day),
        "sustain": lambda day: key_area_sustain(actor=alice, key_area=area, sustained_on=day),
        "re_emerge": lambda day: key_area_re_emerge(actor=alice, key_area=area, re_emerged_on=day),
        "reopen": lambda day: key_area_reopen(actor=alice, key_area=area, transforming_since=day),
    }
    for month, step in enumerate(steps, start=2):
        runs[step](D(2023, month, 1))
    before = Event.objects.filter(stream="key_area").count()
    with pytest.raises(DomainError) as error:
        runs[refused](D(2024, 1, 1))
    assert error.value.code == "illegal_transition"
    assert Event.objects.filter(stream="key_area").count() == before


def test_key_area_steps_are_refused_out_of_order(alice, make_key_area, commune_a):
    area = make_key_area()
    with pytest.raises(DomainError) as before:
        key_area_start(actor=alice, key_area=area, transforming_since=D(2022, 1, 1))
    assert before.value.code == "date_before_previous_step"
    key_area_start(actor=alice, key_area=area, transforming_since=D(2023, 2, 1))
    with pytest.raises(DomainError) as twice:
        key_area_select(
            actor=alice,
            data=KeyAreaInput(
                commune=commune_a,
                area_type="II",
                decision_number="9/QĐ",
                selected_on=D(2024, 1, 1),
            ),
        )
    assert twice.value.code == "key_area_already_selected"


def _transformed(actor, area, on):
    key_area_start(actor=actor, key_area=area, transforming_since=area.selected_on)
    return key_area_transform(actor=actor, key_area=area, transformed_on=on)


def test_key_area_counts_as_of_past_days_come_from_the_periods(
    alice, bob, sam, commune_b, make_key_area
):
    a = make_key_area()
    b = make_key_area(actor=bob, commune=commune_b, area_type="III", selected_on=D(2023, 5, 1))
    _transformed(alice, a, D(2023, 12, 1))
    _transformed(bob, b, D(2024, 2, 1))
    key_area_re_emerge(actor=bob, key_area=b, re_emerged_on=D(2024, 9, 1))
    scope = scope_for(sam)
    assert key_area_counts_on(scope, D(2022, 12, 31))["selected"] == 0
    end_2023 = key_area_counts_on(scope, D(2023, 12, 31))
    assert (end_2023["selected"], end_2023["transformed"]) == (2, 1)
    mid_2024 = key_area_counts_on(scope, D(2024, 6, 30))
    assert (mid_2024["transformed"], mid_2024["not_re_emerging"]) == (2, 2)
    end_2024 = key_area_counts_on(scope, D(2024, 12, 31))
    assert end_2024["transformed"] == 1
    assert end_2024["ever_transformed"] == 2
    assert end_2024["not_re_emerging"] == 1
    assert end_2024["by_status"] == {"transformed": 1, "re_emerged": 1}
    assert end_2024["by_type"] == {"I": 1, "III": 1}


def test_transformed_and_sustained_shares_as_of_a_day(alice, bob, sam, commune_b, make_key_area):
    a = make_key_area()
    b = make_key_area(actor=bob, commune=commune_b, selected_on=D(2023, 5, 1))
    _transformed(alice, a, D(2023, 12, 1))
    key_area_sustain(actor=alice, key_area=a, sustained_on=D(2024, 12, 1))
    _transformed(bob, b, D(2024, 2, 1))
    key_area_re_emerge(actor=bob, key_area=b, re_emerged_on=D(2024, 9, 1))
    scope = scope_for(sam)
    assert key_areas_transformed_share(scope, D(2022, 12, 31)) == {
        "part": 0,
        "whole": 0,
        "share": None,
    }
    assert key_areas_transformed_share(scope, D(2023, 12, 31))["share"] == Decimal("50.0")
    assert key_areas_transformed_share(scope, D(2024, 6, 30))["share"] == Decimal("100.0")
    # The day it re-emerged it no longer counts.
    assert key_areas_sustained_share(scope, D(2024, 9, 1)) == {
        "part": 1,
        "whole": 2,
        "share": Decimal("50.0"),
    }
    # Sustained still counts as transformed; bob's commune sees only its own area.
    assert key_areas_transformed_share(scope, D(2025, 1, 1))["part"] == 1
    assert key_areas_sustained_share(scope_for(bob), D(2025, 1, 1))["share"] == Decimal("0.0")


# Businesses --------------------------------------------------------------------------------


def test_a_business_is_inspected_and_closed(alice, make_business):
    business = make_business(licence_number="123/GCN", licence_issued_on=D(2022, 5, 1))
    inspection = business_inspect(
        actor=alice,
        business=business,
        inspected_on=D(2024, 4, 1),
        team="Tổ công tác phường",
        violations="Không có sổ lưu trú",
        drug_use_found=True,
        measures="Lập biên bản",
    )
    assert inspection.drug_use_found
    business = business_close(actor=alice, business=business, closed_on=D(2024, 8, 1))
    business.refresh_from_db()
    assert business.status == BusinessStatus.CLOSED
    assert _actions("business", business.pk) == [
        "business_created",
        "business_inspected",
        "business_closed",
    ]
    with pytest.raises(DomainError) as closed:
        business_inspect(actor=alice, business=business, inspected_on=D(2024, 9, 1), team="Tổ")
    assert closed.value.code == "illegal_transition"


def test_a_licence_cannot_expire_before_it_is_issued(alice, make_business):
    with pytest.raises(DomainError) as refused:
        make_business(licence_issued_on=D(2024, 1, 1), licence_expires_on=D(2023, 1, 1))
    assert (refused.value.code, refused.value.field) == (
        "licence_expires_before_issue",
        "licence_expires_on",
    )


def test_a_hotspot_tied_to_an_entertainment_business_counts_as_of_a_day(
    alice, sam, make_business, make_hotspot
):
    karaoke = make_business()
    hotel = make_business(name="Nhà nghỉ Bình An", kind=BusinessKind.GUEST_HOUSE)
    tied = make_hotspot(name="Phòng hát VIP", business=karaoke, discovered_on=D(2023, 3, 1))
    make_hotspot(name="Phòng trọ", business=hotel, discovered_on=D(2023, 3, 1))
    hotspot_eliminate(actor=alice, hotspot=tied, eliminated_on=D(2023, 12, 1))
    hotspot_re_emerge(actor=alice, hotspot=tied, re_emerged_on=D(2024, 5, 1))
    scope = scope_for(sam)
    assert hotspot_counts_on(scope, D(2023, 6, 30))["tied_to_entertainment"] == 1
    assert hotspot_counts_on(scope, D(2023, 12, 31))["tied_to_entertainment"] == 0
    assert hotspot_counts_on(scope, D(2023, 12, 31))["tied_to_business"] == 1
    assert hotspot_counts_on(scope, D(2024, 6, 30))["tied_to_entertainment"] == 1
    businesses = business_counts_on(scope, D(2023, 12, 31))
    assert businesses["operating"] == 2
    assert businesses["tied_to_open_hotspot"] == 1
    assert businesses["entertainment_tied_to_open_hotspot"] == 0


def test_business_counts_follow_opening_closing_and_inspections(alice, sam, make_business):
    business = make_business(opened_on=D(2023, 1, 1))
    make_business(name="Quán bar Sao", kind=BusinessKind.BAR, opened_on=D(2024, 1, 1))
    business_inspect(
        actor=alice, business=business, inspected_on=D(2023, 6, 1), team="Tổ", drug_use_found=True
    )
    business_close(actor=alice, business=business, closed_on=D(2024, 6, 1))
    scope = scope_for(sam)
    assert business_counts_on(scope, D(2022, 12, 31))["operating"] == 0
    mid_2023 = business_counts_on(scope, D(2023, 6, 30))
    assert (mid_2023["operating"], mid_2023["with_drug_use_found"]) == (1, 1)
    assert business_counts_on(scope, D(2023, 5, 31))["never_inspected"] == 1
    end_2024 = business_counts_on(scope, D(2024, 12, 31))
    assert end_2024["operating"] == 1
    assert end_2024["by_kind"] == {"bar": 1}


# Drug-free units ---------------------------------------------------------------------------


def _recognise(actor: Any, commune: Any, village: Any = None, day: Any = None) -> Any:
    return drug_free_recognise(
        actor=actor,
        data=DrugFreeInput(
            commune=commune,
            village=village,
            decision_number="45/QĐ-UBND",
            recognised_on=day or D(2023, 12, 20),
        ),
    )


def test_drug_free_levels_follow_the_unit_and_one_recognition_is_in_force(
    alice, commune_a, village_of
):
    group = village_of("Tổ dân phố 1")
    village = village_of("Thôn Đông", VillageKind.VILLAGE)
    assert _recognise(alice, commune_a, group).level == DrugFreeLevel.RESIDENTIAL_GROUP
    assert _recognise(alice, commune_a, village).level == DrugFreeLevel.VILLAGE
    assert _recognise(alice, commune_a).level == DrugFreeLevel.COMMUNE
    with pytest.raises(DomainError) as twice:
        _recognise(alice, commune_a, group)
    assert twice.value.code == "drug_free_already_recognised"


def test_a_withdrawal_needs_a_reason_and_a_date_after_the_recognition(alice, commune_a, village_of):
    recognition = _recognise(alice, commune_a, village_of("Tổ 2"))
    with pytest.raises(DomainError) as reason:
        drug_free_withdraw(
            actor=alice, recognition=recognition, withdrawn_on=D(2024, 5, 1), withdrawal_reason=" "
        )
    assert reason.value.code == "withdrawal_reason_required"
    with pytest.raises(DomainError) as early:
        drug_free_withdraw(
            actor=alice,
            recognition=recognition,
            withdrawn_on=D(2023, 1, 1),
            withdrawal_reason="Phát hiện người sử dụng",
        )
    assert early.value.code == "date_before_previous_step"
    drug_free_withdraw(
        actor=alice,
        recognition=recognition,
        withdrawn_on=D(2024, 5, 1),
        withdrawal_reason="Phát hiện người sử dụng",
    )
    assert _actions("drug_free", recognition.pk) == [
        "drug_free_recognised",
        "drug_free_withdrawn",
    ]


def test_drug_free_shares_as_of_past_days(alice, bob, sam, commune_a, commune_b, village_of):
    commune_b.division_type = "commune"  # a rural commune: its units are villages
    commune_b.save()
    groups = [village_of(f"Tổ dân phố {n}") for n in range(1, 11)]
    villages = [village_of(f"Thôn {n}", VillageKind.VILLAGE, commune_b) for n in range(1, 6)]
    first = _recognise(alice, commune_a, groups[0], D(2023, 6, 1))
    _recognise(alice, commune_a, groups[1], D(2024, 3, 1))
    _recognise(bob, commune_b, villages[0], D(2023, 6, 1))
    _recognise(bob, commune_b, day=D(2024, 1, 1))
    drug_free_withdraw(
        actor=alice, recognition=first, withdrawn_on=D(2024, 6, 1), withdrawal_reason="Tái"
    )
    scope = scope_for(sam)
    end_2023 = drug_free_shares_on(scope, D(2023, 12, 31))
    assert end_2023["residential_group"] == {"drug_free": 1, "units": 10, "share": Decimal("10.0")}
    assert end_2023["village"] == {"drug_free": 1, "units": 5, "share": Decimal("20.0")}
    assert end_2023["commune"]["drug_free"] == 0
    mid_2024 = drug_free_shares_on(scope, D(2024, 3, 31))
    assert mid_2024["residential_group"]["drug_free"] == 2
    assert mid_2024["commune"] == {"drug_free": 1, "units": 2, "share": Decimal("50.0")}
    # Withdrawn on 1/6/2024: no longer drug-free that day.
    assert drug_free_shares_on(scope, D(2024, 6, 1))["residential_group"]["drug_free"] == 1
    # Commune A's officer sees commune A only; no village there: no share rather than 0 %.
    assert drug_free_shares_on(scope_for(alice), D(2024, 1, 1))["village"]["share"] is None


# Versions --------------------------------------------------------------------------------------


def test_an_edit_over_a_newer_version_is_refused_and_writes_nothing(alice, make_business):
    business = make_business()
    assert business.version == 1
    data = BusinessInput(
        commune=business.commune, name="Karaoke Hoa Hồng 2", kind="karaoke", opened_on=D(2022, 5, 1)
    )
    business = business_update(actor=alice, business=business, data=data, version=1)
    assert business.version == 2
    event = Event.objects.of("business", business.pk).last()
    assert event.action == "business_changed"
    assert event.changes["name"] == ["Karaoke Hoa Hồng", "Karaoke Hoa Hồng 2"]
    assert event.changes["version"] == [1, 2]
    data.name = "Tên khác"
    with pytest.raises(StaleVersion) as stale:
        business_update(actor=alice, business=business, data=data, version=1)
    assert (stale.value.code, stale.value.current) == ("stale_version", 2)
    business.refresh_from_db()
    assert business.name == "Karaoke Hoa Hồng 2"


def test_a_lifecycle_step_raises_the_version_an_edit_form_holds(alice, make_hotspot):
    from pcmt.places.services import HotspotInput

    hotspot = make_hotspot()
    read = hotspot.version
    hotspot_eliminate(actor=alice, hotspot=hotspot, eliminated_on=D(2023, 6, 1))
    data = HotspotInput(
        commune=hotspot.commune, name="Tên mới", kind="selling", discovered_on=hotspot.discovered_on
    )
    with pytest.raises(StaleVersion):
        hotspot_update(actor=alice, hotspot=hotspot, data=data, version=read)


def test_an_edit_by_another_commune_is_not_found(bob, make_key_area):
    area = make_key_area()
    with pytest.raises(NotFound):
        key_area_update(
            actor=bob,
            key_area=area,
            data=KeyAreaInput(commune=area.commune, area_type="II", decision_number="1"),
            version=1,
        )


def test_a_rename_records_the_name_and_keeps_the_sort_key_current(alice, make_hotspot):
    from pcmt.places.models import place_sort_key
    from pcmt.places.services import HotspotInput

    hotspot = make_hotspot()
    data = HotspotInput(
        commune=hotspot.commune,
        name="Ánh sáng",
        kind=hotspot.kind,
        discovered_on=hotspot.discovered_on,
    )
    hotspot = hotspot_update(actor=alice, hotspot=hotspot, data=data, version=1)
    event = Event.objects.of("hotspot", hotspot.pk).last()
    assert set(event.changes) == {"name", "version"}
    assert hotspot.name_sort == place_sort_key("Ánh sáng")
