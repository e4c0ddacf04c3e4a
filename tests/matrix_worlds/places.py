"""A hotspot of commune A: police data. Its officer writes; the provincial supervisor reads;
health and social-services users and analysts do not reach it at all."""

import datetime
from typing import Any

from pcmt.places.models import HotspotKind
from pcmt.places.services import HotspotInput, hotspot_create

WRITE_ROUTES = {
    "hotspot_eliminate",
    "hotspot_re_emerge",
    "api_hotspot_eliminate",
    "api_hotspot_re_emerge",
}
PERSON_PARAMS: set[str] = set()
# Parameters with readers and writers of their own (instead of a person's).
PARAM_READERS = {"hotspot_pk": {"alice", "sam"}}
PARAM_WRITERS = {"hotspot_pk": {"alice"}}


def build(context: dict[str, Any]) -> dict[str, Any]:
    hotspot = hotspot_create(
        actor=context["officer"],
        data=HotspotInput(
            commune=context["commune"],
            name="Bãi đất trống",
            kind=HotspotKind.ORGANISED_USE,
            discovered_on=datetime.date(2025, 3, 1),
        ),
    )
    return {"hotspot_pk": hotspot.pk}
