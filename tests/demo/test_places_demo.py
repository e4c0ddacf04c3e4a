"""The demo's places: written through the services by each commune's officer, with dated
history that the counts as of past days read; a second run adds none."""

import datetime
from typing import Any

import pytest

from pcmt.accounts.models import User
from pcmt.accounts.scope import scope_for
from pcmt.audit.models import Event
from pcmt.demo.loader import demo_load
from pcmt.geo.models import AdminUnit
from pcmt.places.models import (
    Business,
    DrugFreeAssessment,
    DrugFreeRecognition,
    Hotspot,
    Incident,
    KeyArea,
    PlacePerson,
)
from pcmt.places.selectors import hotspot_counts_on, key_area_counts_on
from tests.demo.conftest import TODAY


@pytest.fixture
def loaded(hanoi: AdminUnit) -> Any:
    return demo_load(province_code="01", persons=300, seed=2026, today=TODAY)


def test_the_demo_gives_both_communes_places_with_history(loaded: Any) -> None:
    assert loaded.places.hotspots == 14 and loaded.places.businesses == 12
    assert Hotspot.objects.values("commune").distinct().count() == 2
    assert Incident.objects.count() == loaded.places.incidents == 28
    assert KeyArea.objects.count() == 2
    # Every state of the hotspot lifecycle is there, each commune's hotspots eliminated at least
    # once and one re-emerged each.
    states = set(Hotspot.objects.values_list("status", flat=True))
    assert {"at_risk", "detected", "suppressing", "eliminated", "monitoring", "closed"} <= states
    assert Event.objects.filter(stream="hotspot", action="hotspot_eliminated").count() == 8
    assert Hotspot.objects.filter(re_emerged_on__isnull=False).count() == 2
    assert Hotspot.objects.filter(business__isnull=False).count() == 2
    assert PlacePerson.objects.exists()
    assert DrugFreeRecognition.objects.count() == loaded.places.drug_free >= 4
    assert DrugFreeRecognition.objects.filter(withdrawn_on__isnull=False).count() == 2
    # Every recognition was decided on an assessment; some assessments did not meet them.
    assert not DrugFreeRecognition.objects.filter(assessment__isnull=True).exists()
    assert DrugFreeAssessment.objects.count() == loaded.places.assessments
    assert DrugFreeAssessment.objects.filter(result="not_recognised").count() >= 2
    assert DrugFreeAssessment.objects.filter(level="commune").count() == 2
    assert all(h.discovered_on <= TODAY for h in Hotspot.objects.all())


def test_the_supervisor_counts_the_demo_as_of_past_days(loaded: Any) -> None:
    scope = scope_for(User.objects.get(username="giamsat.tinh"))
    assert hotspot_counts_on(scope, datetime.date(2023, 1, 1))["total"] == 0
    assert hotspot_counts_on(scope, TODAY)["total"] >= 4
    areas = key_area_counts_on(scope, TODAY)
    assert (areas["selected"], areas["ever_transformed"], areas["not_re_emerging"]) == (2, 2, 1)


def test_a_second_run_adds_no_places(loaded: Any) -> None:
    again = demo_load(province_code="01", persons=300, seed=2026, today=TODAY)
    assert again.places.hotspots == 0
    assert Business.objects.count() == 12


def test_the_demo_communes_classify_as_type_one_two_and_earlier_three(loaded: Any) -> None:
    from pcmt.places.classification import classification_on
    from pcmt.places.models import KeyAreaEvaluation

    scope = scope_for(User.objects.get(username="giamsat.tinh"))
    yesterday = TODAY - datetime.timedelta(days=1)
    rows, province = classification_on(scope, yesterday)
    types = {row.commune.pk: row.area_type for row in rows if row.area_type}
    assert sorted(types.values()) == ["I", "II"]
    earlier = classification_on(scope, yesterday - datetime.timedelta(days=150))[0]
    assert "III" in {row.area_type for row in earlier}
    assert province is not None
    assert KeyAreaEvaluation.objects.count() == 3
