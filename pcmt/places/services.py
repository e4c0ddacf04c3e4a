"""Writes of hotspots: registration here; later steps run through `lifecycles.HOTSPOT`."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from pcmt.audit.services import event_record
from pcmt.core.errors import DomainError, NotFound
from pcmt.geo.location import LocationCheck, location_check
from pcmt.geo.models import AdminUnit, Village
from pcmt.lifecycle.guards import check_date
from pcmt.lifecycle.runner import transition_run
from pcmt.places.lifecycles import HOTSPOT
from pcmt.places.models import (
    HOTSPOT_STREAM,
    Hotspot,
    HotspotAction,
    HotspotKind,
    HotspotSeverity,
    HotspotSpell,
    place_sort_key,
)
from pcmt.places.selectors import hotspot_can_write


class LocationNeedsReason(DomainError):
    """The point lies outside the commune: the officer checks it or gives a reason."""

    def __init__(self, check: LocationCheck) -> None:
        warning = check.warnings[0]
        super().__init__(warning.code, warning.message, warning.field)
        self.check = check


@dataclass
class HotspotInput:
    commune: AdminUnit
    name: str
    kind: str
    discovered_on: datetime.date
    severity: str = HotspotSeverity.ORDINARY
    village: Village | None = None
    address: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    location_override_reason: str = ""
    business_name: str = ""
    source: str = ""
    note: str = ""


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def hotspot_create(*, actor: Any, data: HotspotInput) -> Hotspot:
    """Register a hotspot in a commune the actor writes for; one event, one open spell.

    A point outside the commune raises `location_outside_commune` unless a reason is given.
    """
    if not hotspot_can_write(actor, data.commune):
        raise NotFound()
    name = _text(data.name)
    if not name:
        raise DomainError("hotspot_name_required", _("Enter the hotspot's name."), "name")
    if data.kind not in HotspotKind.values:
        raise DomainError("hotspot_kind_unknown", _("Choose a kind of hotspot."), "kind")
    if data.severity not in HotspotSeverity.values:
        raise DomainError("hotspot_severity_unknown", _("Choose a severity."), "severity")
    check_date(data.discovered_on, "discovered_on")
    reason = _text(data.location_override_reason)
    checked = location_check(
        commune=data.commune,
        village=data.village,
        latitude=data.latitude,
        longitude=data.longitude,
        override_reason=reason,
    )
    if checked.needs_reason:
        raise LocationNeedsReason(checked)
    with transaction.atomic():
        hotspot = Hotspot.objects.create(
            commune=data.commune,
            village=data.village,
            address=_text(data.address),
            latitude=data.latitude,
            longitude=data.longitude,
            location_override_reason=reason if checked.status == "outside" else "",
            name=name,
            name_sort=place_sort_key(name),
            kind=data.kind,
            severity=data.severity,
            discovered_on=data.discovered_on,
            business_name=_text(data.business_name),
            source=_text(data.source),
            note=_text(data.note),
            created_by=actor,
        )
        HotspotSpell.objects.create(
            hotspot=hotspot, started_on=data.discovered_on, severity=data.severity
        )
        changes: dict[str, Any] = {
            field: [None, value]
            for field, value in {
                "name": hotspot.name,
                "commune": data.commune.code,
                "kind": hotspot.kind,
                "severity": hotspot.severity,
                "status": hotspot.status,
                "discovered_on": hotspot.discovered_on.isoformat(),
                "address": hotspot.address,
                "latitude": str(hotspot.latitude) if hotspot.latitude is not None else "",
                "longitude": str(hotspot.longitude) if hotspot.longitude is not None else "",
                "location_override_reason": hotspot.location_override_reason,
                "business_name": hotspot.business_name,
                "source": hotspot.source,
            }.items()
            if value
        }
        event_record(
            stream=HOTSPOT_STREAM,
            subject_id=hotspot.pk,
            actor=actor,
            action=HotspotAction.CREATED,
            changes=changes,
            note=hotspot.note,
        )
    return hotspot


def hotspot_eliminate(
    *, actor: Any, hotspot: Hotspot | int, eliminated_on: datetime.date, measures: str = ""
) -> Hotspot:
    result: Hotspot = transition_run(
        lifecycle=HOTSPOT,
        name="hotspot_eliminate",
        actor=actor,
        obj_or_pk=hotspot,
        data={"eliminated_on": eliminated_on, "measures": measures},
    )
    return result


def hotspot_re_emerge(
    *,
    actor: Any,
    hotspot: Hotspot | int,
    re_emerged_on: datetime.date,
    severity: str = "",
    note: str = "",
) -> Hotspot:
    result: Hotspot = transition_run(
        lifecycle=HOTSPOT,
        name="hotspot_re_emerge",
        actor=actor,
        obj_or_pk=hotspot,
        data={"re_emerged_on": re_emerged_on, "severity": severity, "note": note},
    )
    return result
