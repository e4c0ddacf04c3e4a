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
