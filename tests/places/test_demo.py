"""Demo places: hotspots with a 2024–2026 history through every state, with re-verifications."""

import datetime

from pcmt.accounts.scope import scope_for
from pcmt.places.demo import places_demo_ensure
from pcmt.places.models import Hotspot, HotspotReverification, HotspotStatus
from pcmt.places.selectors import hotspot_states_on

S = HotspotStatus


def test_demo_hotspots_go_through_every_state(alice, commune_a):
    places_demo_ensure(communes=[(commune_a, alice)], today=datetime.date(2026, 11, 30))
    statuses = set(Hotspot.objects.values_list("status", flat=True))
    assert {S.AT_RISK, S.DETECTED, S.SUPPRESSING, S.ELIMINATED, S.MONITORING, S.CLOSED} <= statuses
    assert HotspotReverification.objects.filter(finding="re_emerged").exists()
    assert HotspotReverification.objects.filter(finding="clean").count() >= 3
    # A past day's states come from the history: nothing was closed in mid-2024.
    mid_2024 = hotspot_states_on(scope_for(alice), datetime.date(2024, 7, 1))["by_status"]
    assert S.CLOSED not in mid_2024 and sum(mid_2024.values()) >= 5
