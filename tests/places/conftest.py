import datetime
from typing import Any

import pytest

from pcmt.accounts.models import AgencyKind, DataRole
from pcmt.places.models import HotspotKind, HotspotSeverity
from pcmt.places.services import HotspotInput, hotspot_create
from tests.conftest import make_user


@pytest.fixture
def pc04(province: Any) -> Any:
    """Officer of the provincial drug unit."""
    return make_user("pc04", province, AgencyKind.PROVINCIAL_DRUG_UNIT, DataRole.OFFICER)


@pytest.fixture
def susan(province: Any) -> Any:
    """Social-services supervisor of the province."""
    return make_user("susan", province, AgencyKind.SOCIAL_SERVICES, DataRole.SUPERVISOR)


@pytest.fixture
def make_hotspot(alice: Any, commune_a: Any) -> Any:
    def _make(actor: Any = None, **overrides: Any) -> Any:
        values: dict[str, Any] = {
            "commune": commune_a,
            "name": "Bãi đất trống ven sông",
            "kind": HotspotKind.ORGANISED_USE,
            "severity": HotspotSeverity.ORDINARY,
            "discovered_on": datetime.date(2023, 3, 1),
        }
        values.update(overrides)
        return hotspot_create(actor=actor or alice, data=HotspotInput(**values))

    return _make


@pytest.fixture
def make_business(alice: Any, commune_a: Any) -> Any:
    def _make(actor: Any = None, **overrides: Any) -> Any:
        from pcmt.places.models import BusinessKind
        from pcmt.places.services import BusinessInput, business_register

        values: dict[str, Any] = {
            "commune": commune_a,
            "name": "Karaoke Hoa Hồng",
            "kind": BusinessKind.KARAOKE,
            "opened_on": datetime.date(2022, 5, 1),
        }
        values.update(overrides)
        return business_register(actor=actor or alice, data=BusinessInput(**values))

    return _make


@pytest.fixture
def make_key_area(alice: Any, commune_a: Any) -> Any:
    def _make(actor: Any = None, **overrides: Any) -> Any:
        from pcmt.places.models import KeyAreaType
        from pcmt.places.services import KeyAreaInput, key_area_select

        values: dict[str, Any] = {
            "commune": commune_a,
            "area_type": KeyAreaType.TYPE_I,
            "decision_number": "12/QĐ-UBND",
            "selected_on": datetime.date(2023, 1, 10),
        }
        values.update(overrides)
        return key_area_select(actor=actor or alice, data=KeyAreaInput(**values))

    return _make


@pytest.fixture
def village_of(commune_a: Any) -> Any:
    from pcmt.geo.models import Village, VillageKind

    def _make(name: str, kind: str = VillageKind.RESIDENTIAL_GROUP, commune: Any = None) -> Any:
        from pcmt.core.text import fold

        return Village.objects.create(
            commune=commune or commune_a, name=name, name_folded=fold(name), kind=kind
        )

    return _make
