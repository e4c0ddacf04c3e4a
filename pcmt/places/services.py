"""Writes of places: registration and edits here; later steps run through the lifecycles
(`lifecycles.HOTSPOT`, `KEY_AREA`, `BUSINESS`, `DRUG_FREE`).

Every write checks that the actor writes for the place's commune, checks the point against
the commune's boundary (`common.located`), and writes one event in the same transaction.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from pcmt.accounts.scope import scope_for
from pcmt.audit.services import event_record
from pcmt.core.errors import DomainError, NotFound
from pcmt.geo.models import AdminUnit, Village, VillageKind
from pcmt.lifecycle.guards import check_date
from pcmt.lifecycle.runner import transition_run
from pcmt.persons.selectors import persons_visible
from pcmt.places.common import (
    LocationNeedsReason,
    StaleVersion,
    created_changes,
    located,
    period_move,
    record_update,
    recorder,
    text,
    version_check,
)
from pcmt.places.drug_free_criteria import criteria_set_on
from pcmt.places.lifecycles import BUSINESS, DRUG_FREE, DRUG_FREE_ASSESSMENT, HOTSPOT, KEY_AREA
from pcmt.places.models import (
    BUSINESS_STREAM,
    DRUG_FREE_ASSESSMENT_STREAM,
    DRUG_FREE_STREAM,
    DRUG_ROUTE_STREAM,
    HOTSPOT_REGISTERED,
    HOTSPOT_STREAM,
    INCIDENT_STREAM,
    KEY_AREA_STREAM,
    Business,
    BusinessAction,
    BusinessInspection,
    BusinessKind,
    DrugFreeAction,
    DrugFreeAssessment,
    DrugFreeAssessmentAction,
    DrugFreeCriterionCheck,
    DrugFreeLevel,
    DrugFreeRecognition,
    DrugFreeResult,
    DrugFreeStatus,
    DrugRouteAction,
    DrugRouteMark,
    Hotspot,
    HotspotAction,
    HotspotKind,
    HotspotReverification,
    HotspotSeverity,
    HotspotSpell,
    HotspotStatus,
    Incident,
    IncidentAction,
    IncidentKind,
    KeyArea,
    KeyAreaAction,
    KeyAreaEvaluation,
    KeyAreaStatus,
    KeyAreaType,
    PlacePerson,
    PlacePersonAction,
    PlacePersonRole,
    place_sort_key,
)
from pcmt.places.selectors import place_can_write

__all__ = ["LocationNeedsReason", "StaleVersion"]

LOCATION_FIELDS = ("address", "latitude", "longitude", "location_override_reason")


@dataclass
class Location:
    commune: AdminUnit
    village: Village | None = None
    address: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    location_override_reason: str = ""


def _writes_for(actor: Any, commune: AdminUnit) -> None:
    if not place_can_write(actor, commune):
        raise NotFound()


def _required(value: str, code: str, message: str, field: str) -> str:
    cleaned = text(value)
    if not cleaned:
        raise DomainError(code, message, field)
    return cleaned


def _choice(value: str, choices: Any, code: str, message: str, field: str) -> str:
    if value not in choices.values:
        raise DomainError(code, message, field)
    return value


def _same_commune(record: Any, commune: AdminUnit, field: str) -> None:
    """A linked hotspot or business lies in the place's commune."""
    if record is not None and record.commune_id != commune.pk:
        raise DomainError(
            "place_link_other_commune",
            _("This record belongs to another commune."),
            field,
        )


def _location(data: Any) -> dict[str, Any]:
    return located(
        commune=data.commune,
        village=data.village,
        address=data.address,
        latitude=data.latitude,
        longitude=data.longitude,
        location_override_reason=data.location_override_reason,
    )


def _created(stream: str, record: Any, actor: Any, action: str, values: dict[str, Any]) -> None:
    event_record(
        stream=stream,
        subject_id=record.pk,
        actor=actor,
        action=action,
        changes=created_changes(values),
        note=getattr(record, "note", ""),
    )


def _update(
    *,
    model: type[Any],
    stream: str,
    action: str,
    actor: Any,
    record: Any,
    values: dict[str, Any],
    version: int | None,
) -> Any:
    """Lock the row, check the actor and the version, set what changed, write one event."""
    with transaction.atomic():
        locked = model._default_manager.select_for_update().get(pk=record.pk)
        _writes_for(actor, locked.commune)
        record_update(
            stream=stream,
            record=locked,
            actor=actor,
            action=action,
            values=values,
            version=version,
        )
    return locked


# Hotspots ------------------------------------------------------------------------------------


@dataclass
class HotspotInput(Location):
    name: str = ""
    kind: str = ""
    discovered_on: datetime.date | None = None
    severity: str = HotspotSeverity.ORDINARY
    status: str = HotspotStatus.DETECTED  # at risk, or detected
    business: Business | None = None
    business_name: str = ""
    source: str = ""
    note: str = ""


def _hotspot_values(data: HotspotInput) -> dict[str, Any]:
    name = _required(data.name, "hotspot_name_required", _("Enter the hotspot's name."), "name")
    _choice(data.kind, HotspotKind, "hotspot_kind_unknown", _("Choose a kind of hotspot."), "kind")
    _choice(
        data.severity,
        HotspotSeverity,
        "hotspot_severity_unknown",
        _("Choose a severity."),
        "severity",
    )
    _same_commune(data.business, data.commune, "business")
    return {
        "name": name,
        "name_sort": place_sort_key(name),
        "kind": data.kind,
        "business": data.business,
        "business_name": text(data.business_name),
        "source": text(data.source),
        "note": text(data.note),
    }


def hotspot_create(*, actor: Any, data: HotspotInput) -> Hotspot:
    """Register a point at risk or a detected hotspot in a commune the actor writes for: one
    event, its first state period and, when detected, its first active spell.

    A point outside the commune raises `location_outside_commune` unless a reason is given.
    """
    _writes_for(actor, data.commune)
    values = _hotspot_values(data)
    status = data.status or HotspotStatus.DETECTED
    if status not in HOTSPOT_REGISTERED:
        raise DomainError(
            "hotspot_status_unknown",
            _("A hotspot is registered as a point at risk or as detected."),
            "status",
        )
    if data.discovered_on is None:
        raise DomainError("date_required", _("Enter the date."), "discovered_on")
    check_date(data.discovered_on, "discovered_on")
    where = _location(data)
    detected = status == HotspotStatus.DETECTED
    with transaction.atomic():
        hotspot = Hotspot.objects.create(
            **where,
            **values,
            severity=data.severity,
            status=status,
            discovered_on=data.discovered_on,
            detected_on=data.discovered_on if detected else None,
            created_by=actor,
        )
        hotspot.periods.create(status=status, started_on=data.discovered_on)
        if detected:
            HotspotSpell.objects.create(
                hotspot=hotspot, started_on=data.discovered_on, severity=data.severity
            )
        shown = {k: v for k, v in values.items() if k not in ("name_sort", "note")}
        _created(
            HOTSPOT_STREAM,
            hotspot,
            actor,
            HotspotAction.CREATED,
            {
                "commune": data.commune,
                **{k: where[k] for k in LOCATION_FIELDS},
                **shown,
                "severity": hotspot.severity,
                "status": hotspot.status,
                "discovered_on": hotspot.discovered_on,
            },
        )
    return hotspot


def hotspot_update(
    *, actor: Any, hotspot: Hotspot, data: HotspotInput, version: int | None = None
) -> Hotspot:
    """Change what a hotspot is (name, kind, place, links); its dated steps change only
    through the lifecycle. The commune stays: a hotspot of another commune is a new one."""
    data.commune = hotspot.commune
    values = _hotspot_values(data)
    where = _location(data)
    values.update({k: where[k] for k in ("village", *LOCATION_FIELDS)})
    updated: Hotspot = _update(
        model=Hotspot,
        stream=HOTSPOT_STREAM,
        action=HotspotAction.CHANGED,
        actor=actor,
        record=hotspot,
        values=values,
        version=version,
    )
    return updated


def _hotspot_step(name: str, actor: Any, hotspot: Hotspot | int, **data: Any) -> Any:
    return transition_run(
        lifecycle=HOTSPOT, name=f"hotspot_{name}", actor=actor, obj_or_pk=hotspot, data=data
    )


def hotspot_detect(
    *, actor: Any, hotspot: Hotspot | int, detected_on: datetime.date, note: str = ""
) -> Hotspot:
    result: Hotspot = _hotspot_step("detect", actor, hotspot, detected_on=detected_on, note=note)
    return result


def hotspot_suppress(
    *, actor: Any, hotspot: Hotspot | int, suppression_started_on: datetime.date, note: str = ""
) -> Hotspot:
    result: Hotspot = _hotspot_step(
        "suppress", actor, hotspot, suppression_started_on=suppression_started_on, note=note
    )
    return result


def hotspot_eliminate(
    *, actor: Any, hotspot: Hotspot | int, eliminated_on: datetime.date, measures: str = ""
) -> Hotspot:
    result: Hotspot = _hotspot_step(
        "eliminate", actor, hotspot, eliminated_on=eliminated_on, measures=measures
    )
    return result


def hotspot_monitor(
    *, actor: Any, hotspot: Hotspot | int, monitoring_from: datetime.date, note: str = ""
) -> Hotspot:
    result: Hotspot = _hotspot_step(
        "monitor", actor, hotspot, monitoring_from=monitoring_from, note=note
    )
    return result


def hotspot_close(
    *, actor: Any, hotspot: Hotspot | int, closed_on: datetime.date, note: str = ""
) -> Hotspot:
    result: Hotspot = _hotspot_step("close", actor, hotspot, closed_on=closed_on, note=note)
    return result


def hotspot_re_emerge(
    *,
    actor: Any,
    hotspot: Hotspot | int,
    re_emerged_on: datetime.date,
    severity: str = "",
    note: str = "",
) -> Hotspot:
    result: Hotspot = _hotspot_step(
        "re_emerge", actor, hotspot, re_emerged_on=re_emerged_on, severity=severity, note=note
    )
    return result


def hotspot_reverify(
    *,
    actor: Any,
    hotspot: Hotspot | int,
    verified_on: datetime.date,
    finding: str,
    note: str = "",
) -> HotspotReverification:
    """Record a re-verification; finding the hotspot back records its re-emergence."""
    result: HotspotReverification = _hotspot_step(
        "reverify", actor, hotspot, verified_on=verified_on, finding=finding, note=note
    )
    return result


# Incidents ---------------------------------------------------------------------------------


@dataclass
class IncidentInput(Location):
    summary: str = ""
    kind: str = ""
    occurred_on: datetime.date | None = None
    offenders: int | None = 0
    substance: str = ""
    quantity: Decimal | None = None
    unit: str = ""
    plants: int | None = 0
    area_m2: Decimal | None = None
    tip_verified: bool | None = None
    hotspot: Hotspot | None = None
    business: Business | None = None
    note: str = ""


def _incident_values(data: IncidentInput) -> dict[str, Any]:
    summary = _required(
        data.summary, "incident_summary_required", _("Say what happened."), "summary"
    )
    _choice(
        data.kind, IncidentKind, "incident_kind_unknown", _("Choose a kind of incident."), "kind"
    )
    if data.occurred_on is None:
        raise DomainError("date_required", _("Enter the date."), "occurred_on")
    check_date(data.occurred_on, "occurred_on")
    _same_commune(data.hotspot, data.commune, "hotspot")
    _same_commune(data.business, data.commune, "business")
    if data.quantity is not None and not text(data.unit):
        raise DomainError(
            "incident_unit_required", _("Give the unit of the quantity seized."), "unit"
        )
    return {
        "summary": summary,
        "summary_sort": place_sort_key(summary),
        "kind": data.kind,
        "occurred_on": data.occurred_on,
        "offenders": data.offenders or 0,
        "substance": text(data.substance),
        "quantity": data.quantity,
        "unit": text(data.unit),
        "plants": data.plants or 0,
        "area_m2": data.area_m2,
        "tip_verified": data.tip_verified,
        "hotspot": data.hotspot,
        "business": data.business,
        "note": text(data.note),
    }


def incident_create(*, actor: Any, data: IncidentInput) -> Incident:
    """Record a dated incident at a place of a commune the actor writes for; one event."""
    _writes_for(actor, data.commune)
    values = _incident_values(data)
    where = _location(data)
    with transaction.atomic():
        incident = Incident.objects.create(**where, **values, created_by=actor)
        shown = {k: v for k, v in values.items() if k not in ("summary_sort", "note")}
        _created(
            INCIDENT_STREAM,
            incident,
            actor,
            IncidentAction.CREATED,
            {"commune": data.commune, **{k: where[k] for k in LOCATION_FIELDS}, **shown},
        )
    return incident


def incident_update(
    *, actor: Any, incident: Incident, data: IncidentInput, version: int | None = None
) -> Incident:
    data.commune = incident.commune
    values = _incident_values(data)
    where = _location(data)
    values.update({k: where[k] for k in ("village", *LOCATION_FIELDS)})
    updated: Incident = _update(
        model=Incident,
        stream=INCIDENT_STREAM,
        action=IncidentAction.CHANGED,
        actor=actor,
        record=incident,
        values=values,
        version=version,
    )
    return updated


# Key areas -----------------------------------------------------------------------------------


@dataclass
class KeyAreaInput:
    commune: AdminUnit
    area_type: str = ""
    decision_number: str = ""
    selected_on: datetime.date | None = None
    selected_by: str = ""
    plan: str = ""
    agencies: str = ""
    note: str = ""


def _key_area_values(data: KeyAreaInput) -> dict[str, Any]:
    _choice(
        data.area_type, KeyAreaType, "key_area_type_unknown", _("Choose the type."), "area_type"
    )
    return {
        "area_type": data.area_type,
        "decision_number": _required(
            data.decision_number,
            "decision_number_required",
            _("Enter the decision number."),
            "decision_number",
        ),
        "selected_by": text(data.selected_by),
        "plan": text(data.plan),
        "agencies": text(data.agencies),
        "note": text(data.note),
    }


def key_area_select(*, actor: Any, data: KeyAreaInput) -> KeyArea:
    """Select a commune for transformation as a key area, by decision on a day.

    One commune is selected once at a time: a new selection waits until the last one is
    transformed (a re-emerged area is reopened and transformed again, not selected again)."""
    _writes_for(actor, data.commune)
    values = _key_area_values(data)
    if data.selected_on is None:
        raise DomainError("date_required", _("Enter the date."), "selected_on")
    check_date(data.selected_on, "selected_on")
    with transaction.atomic():
        pending = KeyArea.objects.select_for_update().filter(
            commune=data.commune,
            status__in=(
                KeyAreaStatus.SELECTED,
                KeyAreaStatus.TRANSFORMING,
                KeyAreaStatus.RE_EMERGED,
            ),
        )
        if pending.exists():
            raise DomainError(
                "key_area_already_selected",
                _("This commune is already a key area being transformed."),
                "commune",
            )
        area = KeyArea.objects.create(
            commune=data.commune, selected_on=data.selected_on, created_by=actor, **values
        )
        period_move(area.periods, status=KeyAreaStatus.SELECTED, day=data.selected_on)
        shown = {k: v for k, v in values.items() if k != "note"}
        _created(
            KEY_AREA_STREAM,
            area,
            actor,
            KeyAreaAction.SELECTED,
            {
                "commune": data.commune,
                **shown,
                "status": area.status,
                "selected_on": data.selected_on,
            },
        )
    return area


def key_area_update(
    *, actor: Any, key_area: KeyArea, data: KeyAreaInput, version: int | None = None
) -> KeyArea:
    updated: KeyArea = _update(
        model=KeyArea,
        stream=KEY_AREA_STREAM,
        action=KeyAreaAction.CHANGED,
        actor=actor,
        record=key_area,
        values=_key_area_values(data),
        version=version,
    )
    return updated


def _key_area_run(name: str, *, actor: Any, key_area: KeyArea | int, data: dict[str, Any]) -> Any:
    return transition_run(lifecycle=KEY_AREA, name=name, actor=actor, obj_or_pk=key_area, data=data)


def key_area_start(
    *, actor: Any, key_area: KeyArea | int, transforming_since: datetime.date, note: str = ""
) -> KeyArea:
    result: KeyArea = _key_area_run(
        "key_area_start",
        actor=actor,
        key_area=key_area,
        data={"transforming_since": transforming_since, "note": note},
    )
    return result


def key_area_transform(
    *, actor: Any, key_area: KeyArea | int, transformed_on: datetime.date, note: str = ""
) -> KeyArea:
    result: KeyArea = _key_area_run(
        "key_area_transform",
        actor=actor,
        key_area=key_area,
        data={"transformed_on": transformed_on, "note": note},
    )
    return result


def key_area_sustain(
    *, actor: Any, key_area: KeyArea | int, sustained_on: datetime.date, note: str = ""
) -> KeyArea:
    result: KeyArea = _key_area_run(
        "key_area_sustain",
        actor=actor,
        key_area=key_area,
        data={"sustained_on": sustained_on, "note": note},
    )
    return result


def key_area_re_emerge(
    *, actor: Any, key_area: KeyArea | int, re_emerged_on: datetime.date, note: str = ""
) -> KeyArea:
    result: KeyArea = _key_area_run(
        "key_area_re_emerge",
        actor=actor,
        key_area=key_area,
        data={"re_emerged_on": re_emerged_on, "note": note},
    )
    return result


def key_area_reopen(
    *, actor: Any, key_area: KeyArea | int, transforming_since: datetime.date, note: str = ""
) -> KeyArea:
    """A re-emerged area is transformed again: a new period, the history kept."""
    result: KeyArea = _key_area_run(
        "key_area_reopen",
        actor=actor,
        key_area=key_area,
        data={"transforming_since": transforming_since, "note": note},
    )
    return result


def key_area_evaluate(
    *,
    actor: Any,
    key_area: KeyArea | int,
    evaluated_on: datetime.date,
    evaluator: str,
    result: str,
    criteria_met: list[str] | None = None,
    note: str = "",
) -> KeyAreaEvaluation:
    """A dated evaluation against the criteria; the computed classification is kept with it."""
    area = key_area if isinstance(key_area, KeyArea) else KeyArea.objects.get(pk=key_area)
    transition_run(
        lifecycle=KEY_AREA,
        name="key_area_evaluate",
        actor=actor,
        obj_or_pk=area,
        data={
            "evaluated_on": evaluated_on,
            "evaluator": evaluator,
            "result": result,
            "criteria_met": list(criteria_met or []),
            "note": note,
        },
    )
    evaluation: KeyAreaEvaluation = area.evaluations.order_by("-pk").first()  # type: ignore[assignment]
    return evaluation


# Drug routes ----------------------------------------------------------------------------------


def drug_route_mark_set(
    *,
    actor: Any,
    commune: AdminUnit,
    on_route: bool,
    effective_on: datetime.date | None,
    note: str = "",
) -> DrugRouteMark:
    """Mark a commune as on (or no longer on) a key drug route from a day on; the marks
    before stay, so a classification as of an earlier day reads the mark then in force."""
    _writes_for(actor, commune)
    if effective_on is None:
        raise DomainError("date_required", _("Enter the date."), "effective_on")
    check_date(effective_on, "effective_on")
    with transaction.atomic():
        mark = DrugRouteMark.objects.create(
            commune=commune,
            on_route=bool(on_route),
            effective_on=effective_on,
            note=text(note),
            created_by=actor,
        )
        recorder(DRUG_ROUTE_STREAM)(
            mark,
            actor,
            DrugRouteAction.SET,
            created_changes(
                {"commune": commune, "on_route": bool(on_route), "effective_on": effective_on}
            )
            | {"on_route": [None, bool(on_route)]},
            mark.note,
        )
    return mark


# Conditional businesses ------------------------------------------------------------------------


@dataclass
class BusinessInput(Location):
    name: str = ""
    kind: str = ""
    opened_on: datetime.date | None = None
    licence_number: str = ""
    licence_issued_on: datetime.date | None = None
    licence_expires_on: datetime.date | None = None
    note: str = ""


def _business_values(data: BusinessInput) -> dict[str, Any]:
    name = _required(data.name, "business_name_required", _("Enter the business's name."), "name")
    _choice(
        data.kind, BusinessKind, "business_kind_unknown", _("Choose a kind of business."), "kind"
    )
    if data.opened_on is None:
        raise DomainError("date_required", _("Enter the date."), "opened_on")
    check_date(data.opened_on, "opened_on")
    issued, expires = data.licence_issued_on, data.licence_expires_on
    if issued is not None:
        check_date(issued, "licence_issued_on")
    if issued is not None and expires is not None and expires < issued:
        raise DomainError(
            "licence_expires_before_issue",
            _("The licence cannot expire before it is issued."),
            "licence_expires_on",
        )
    return {
        "name": name,
        "name_sort": place_sort_key(name),
        "kind": data.kind,
        "opened_on": data.opened_on,
        "licence_number": text(data.licence_number),
        "licence_issued_on": issued,
        "licence_expires_on": expires,
        "note": text(data.note),
    }


def business_register(*, actor: Any, data: BusinessInput) -> Business:
    """Register a conditional business of a commune the actor writes for; one event."""
    _writes_for(actor, data.commune)
    values = _business_values(data)
    where = _location(data)
    with transaction.atomic():
        business = Business.objects.create(**where, **values, created_by=actor)
        shown = {k: v for k, v in values.items() if k not in ("name_sort", "note")}
        _created(
            BUSINESS_STREAM,
            business,
            actor,
            BusinessAction.CREATED,
            {
                "commune": data.commune,
                **{k: where[k] for k in LOCATION_FIELDS},
                **shown,
                "status": business.status,
            },
        )
    return business


def business_update(
    *, actor: Any, business: Business, data: BusinessInput, version: int | None = None
) -> Business:
    data.commune = business.commune
    values = _business_values(data)
    if business.closed_on is not None and values["opened_on"] > business.closed_on:
        raise DomainError(
            "date_after_closing", _("The business closed before this date."), "opened_on"
        )
    where = _location(data)
    values.update({k: where[k] for k in ("village", *LOCATION_FIELDS)})
    updated: Business = _update(
        model=Business,
        stream=BUSINESS_STREAM,
        action=BusinessAction.CHANGED,
        actor=actor,
        record=business,
        values=values,
        version=version,
    )
    return updated


def business_inspect(
    *, actor: Any, business: Business | int, inspected_on: datetime.date, team: str, **found: Any
) -> BusinessInspection:
    """Record an inspection (result, violations, drug use found, measures)."""
    result: BusinessInspection = transition_run(
        lifecycle=BUSINESS,
        name="business_inspect",
        actor=actor,
        obj_or_pk=business,
        data={"inspected_on": inspected_on, "team": team, **found},
    )
    return result


def business_close(
    *, actor: Any, business: Business | int, closed_on: datetime.date, note: str = ""
) -> Business:
    result: Business = transition_run(
        lifecycle=BUSINESS,
        name="business_close",
        actor=actor,
        obj_or_pk=business,
        data={"closed_on": closed_on, "note": note},
    )
    return result


# Drug-free units ---------------------------------------------------------------------------


@dataclass
class DrugFreeInput:
    commune: AdminUnit
    village: Village | None = None
    decision_number: str = ""
    decided_by: str = ""
    recognised_on: datetime.date | None = None
    note: str = ""


def drug_free_level(village: Village | None) -> str:
    """The level of a drug-free unit: the commune, or a village or residential group."""
    return _level(village)


def _level(village: Village | None) -> str:
    if village is None:
        return DrugFreeLevel.COMMUNE
    if village.kind == VillageKind.RESIDENTIAL_GROUP:
        return DrugFreeLevel.RESIDENTIAL_GROUP
    return DrugFreeLevel.VILLAGE


def _unit_check(commune: AdminUnit, village: Village | None) -> None:
    if village is not None and village.commune_id != commune.pk:
        raise DomainError(
            "location_village_other_commune",
            _("This village or residential group belongs to another commune."),
            "village",
        )


def recognition_write(*, actor: Any, data: DrugFreeInput) -> DrugFreeRecognition:
    """Create the recognition and its event; the caller checked the actor and holds the
    transaction. A unit holds one recognition in force at a time."""
    _unit_check(data.commune, data.village)
    number = _required(
        data.decision_number,
        "decision_number_required",
        _("Enter the decision number."),
        "decision_number",
    )
    if data.recognised_on is None:
        raise DomainError("date_required", _("Enter the date."), "recognised_on")
    check_date(data.recognised_on, "recognised_on")
    in_force = DrugFreeRecognition.objects.select_for_update().filter(
        commune=data.commune, village=data.village, status=DrugFreeStatus.RECOGNISED
    )
    if in_force.exists():
        raise DomainError(
            "drug_free_already_recognised",
            _("This unit is already recognised drug-free; withdraw that first."),
            "village" if data.village else "commune",
        )
    recognition = DrugFreeRecognition.objects.create(
        commune=data.commune,
        village=data.village,
        level=_level(data.village),
        decision_number=number,
        decided_by=text(data.decided_by),
        recognised_on=data.recognised_on,
        note=text(data.note),
        created_by=actor,
    )
    _created(
        DRUG_FREE_STREAM,
        recognition,
        actor,
        DrugFreeAction.RECOGNISED,
        {
            "commune": data.commune,
            "village": data.village,
            "level": recognition.level,
            "decision_number": number,
            "decided_by": recognition.decided_by,
            "recognised_on": data.recognised_on,
            "status": recognition.status,
        },
    )
    return recognition


def drug_free_recognise(*, actor: Any, data: DrugFreeInput) -> DrugFreeRecognition:
    """Record that a commune, or one of its villages or residential groups, is recognised
    drug-free by a decision on a day. A unit holds one recognition in force at a time."""
    _writes_for(actor, data.commune)
    with transaction.atomic():
        return recognition_write(actor=actor, data=data)


def drug_free_update(
    *,
    actor: Any,
    recognition: DrugFreeRecognition,
    data: DrugFreeInput,
    version: int | None = None,
) -> DrugFreeRecognition:
    """Correct the decision's number or authority; the unit and dates are the history."""
    values = {
        "decision_number": _required(
            data.decision_number,
            "decision_number_required",
            _("Enter the decision number."),
            "decision_number",
        ),
        "decided_by": text(data.decided_by),
        "note": text(data.note),
    }
    updated: DrugFreeRecognition = _update(
        model=DrugFreeRecognition,
        stream=DRUG_FREE_STREAM,
        action=DrugFreeAction.CHANGED,
        actor=actor,
        record=recognition,
        values=values,
        version=version,
    )
    return updated


def drug_free_withdraw(
    *,
    actor: Any,
    recognition: DrugFreeRecognition | int,
    withdrawn_on: datetime.date,
    withdrawal_reason: str,
) -> DrugFreeRecognition:
    result: DrugFreeRecognition = transition_run(
        lifecycle=DRUG_FREE,
        name="drug_free_withdraw",
        actor=actor,
        obj_or_pk=recognition,
        data={"withdrawn_on": withdrawn_on, "withdrawal_reason": withdrawal_reason},
    )
    return result


# Drug-free assessments ----------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionResult:
    met: bool
    evidence: str = ""


@dataclass
class DrugFreeAssessmentInput:
    commune: AdminUnit
    village: Village | None = None
    assessed_on: datetime.date | None = None
    assessor: str = ""
    result: str = ""
    # criterion code → met or not, with its evidence; every criterion of the unit's level
    checks: dict[str, CriterionResult] | None = None
    note: str = ""


def criterion_field(code: str) -> str:
    """The form field (and error field) of a criterion."""
    return f"criterion_{code}"


def _assessment_values(data: DrugFreeAssessmentInput) -> dict[str, Any]:
    """Check an assessment against the criteria in force on its date; the values to save."""
    _unit_check(data.commune, data.village)
    if data.assessed_on is None:
        raise DomainError("date_required", _("Enter the date."), "assessed_on")
    check_date(data.assessed_on, "assessed_on")
    assessor = _required(
        data.assessor, "drug_free_assessor_required", _("Say who assessed the unit."), "assessor"
    )
    _choice(
        data.result,
        DrugFreeResult,
        "drug_free_result_unknown",
        _("Choose the result of the assessment."),
        "result",
    )
    found = criteria_set_on(data.assessed_on)
    if found is None:
        raise DomainError(
            "drug_free_no_criteria",
            _("No drug-free criteria were in force on this date."),
            "assessed_on",
        )
    level = _level(data.village)
    criteria = found.for_level(level)
    given = dict(data.checks or {})
    unknown = sorted(set(given) - {c.code for c in criteria})
    if unknown:
        raise DomainError(
            "drug_free_criterion_unknown",
            _("Criteria %(codes)s do not apply to this unit on this date.")
            % {"codes": ", ".join(unknown)},
            "checks",
        )
    for criterion in criteria:
        if criterion.code not in given:
            raise DomainError(
                "drug_free_criterion_missing",
                _("Say whether criterion %(code)s is met.") % {"code": criterion.code},
                criterion_field(criterion.code),
            )
    unmet = [c.code for c in criteria if not given[c.code].met]
    if data.result == DrugFreeResult.RECOGNISED and unmet:
        raise DomainError(
            "drug_free_criteria_not_met",
            _(
                "A unit that does not meet criteria %(codes)s cannot be assessed as drug-free: "
                "choose “not recognised” or check the criteria."
            )
            % {"codes": ", ".join(unmet)},
            "result",
        )
    return {
        "level": level,
        "assessor": assessor,
        "result": data.result,
        "criteria_set": found.key,
        "note": text(data.note),
        "checks": [
            (c.code, c.text, bool(given[c.code].met), text(given[c.code].evidence)[:500])
            for c in criteria
        ],
    }


def _met(met: bool, evidence: str) -> str:
    """A criterion as the event log keeps it: ✓ met or ✗ not, then the evidence."""
    return f"{'✓' if met else '✗'} {evidence}".strip()


def drug_free_assess(*, actor: Any, data: DrugFreeAssessmentInput) -> DrugFreeAssessment:
    """Record an assessment of a commune, village or residential group the actor writes
    for: each criterion in force on the day, met or not, and the result; one event."""
    _writes_for(actor, data.commune)
    values = _assessment_values(data)
    checks = values.pop("checks")
    assert data.assessed_on is not None  # checked by _assessment_values
    with transaction.atomic():
        assessment = DrugFreeAssessment.objects.create(
            commune=data.commune,
            village=data.village,
            unit_sort=place_sort_key(data.village.name if data.village else ""),
            assessed_on=data.assessed_on,
            created_by=actor,
            **values,
        )
        DrugFreeCriterionCheck.objects.bulk_create(
            DrugFreeCriterionCheck(
                assessment=assessment, code=code, text=wording, met=met, evidence=evidence
            )
            for code, wording, met, evidence in checks
        )
        shown = {k: v for k, v in values.items() if k != "note"}
        _created(
            DRUG_FREE_ASSESSMENT_STREAM,
            assessment,
            actor,
            DrugFreeAssessmentAction.ASSESSED,
            {
                "commune": data.commune,
                "village": data.village,
                "assessed_on": data.assessed_on,
                **shown,
                **{code: _met(met, ev) for code, _w, met, ev in checks},
            },
        )
    return assessment


def drug_free_assessment_update(
    *,
    actor: Any,
    assessment: DrugFreeAssessment,
    data: DrugFreeAssessmentInput,
    version: int | None = None,
) -> DrugFreeAssessment:
    """Correct an assessment (assessor, criteria, result, note); the unit and the date stay.
    Once a recognition was decided on it, its result stays too. One event."""
    data.commune, data.village = assessment.commune, assessment.village
    data.assessed_on = assessment.assessed_on
    values = _assessment_values(data)
    checks = values.pop("checks")
    with transaction.atomic():
        locked = DrugFreeAssessment.objects.select_for_update().get(pk=assessment.pk)
        _writes_for(actor, locked.commune)
        version_check(locked, version)
        if locked.recognition_id is not None and values["result"] != locked.result:
            raise DomainError(
                "drug_free_assessment_decided",
                _("A recognition was decided on this assessment: its result cannot change."),
                "result",
            )
        changes: dict[str, Any] = {}
        for field in ("assessor", "result", "note"):
            if getattr(locked, field) != values[field]:
                changes[field] = [getattr(locked, field), values[field]]
                setattr(locked, field, values[field])
        rows = {row.code: row for row in locked.checks.all()}
        for code, _wording, met, evidence in checks:
            row = rows.get(code)
            if row is not None and (row.met, row.evidence) != (met, evidence):
                changes[code] = [_met(row.met, row.evidence), _met(met, evidence)]
                row.met, row.evidence = met, evidence
                row.save(update_fields=["met", "evidence"])
        if not changes:
            return locked
        old_version = int(locked.version)
        locked.version = old_version + 1
        locked.save()
        changes["version"] = [old_version, old_version + 1]
        event_record(
            stream=DRUG_FREE_ASSESSMENT_STREAM,
            subject_id=locked.pk,
            actor=actor,
            action=DrugFreeAssessmentAction.CHANGED,
            changes=changes,
        )
    return locked


def drug_free_assessment_recognise(
    *,
    actor: Any,
    assessment: DrugFreeAssessment | int,
    decision_number: str,
    recognised_on: datetime.date,
    decided_by: str = "",
    note: str = "",
) -> DrugFreeAssessment:
    """Record the recognition decided on an assessment that met the criteria."""
    result: DrugFreeAssessment = transition_run(
        lifecycle=DRUG_FREE_ASSESSMENT,
        name="drug_free_assessment_recognise",
        actor=actor,
        obj_or_pk=assessment,
        data={
            "decision_number": decision_number,
            "recognised_on": recognised_on,
            "decided_by": decided_by,
            "note": note,
        },
    )
    return result


def input_of(cls: type[Any], values: dict[str, Any]) -> Any:
    """A registry's input from a form's or a body's cleaned values (extra keys ignored)."""
    names = set(cls.__dataclass_fields__)
    return cls(**{k: v for k, v in values.items() if k in names})


# Persons linked to a place -------------------------------------------------------------------


def _place_stream(place: Hotspot | Incident) -> tuple[str, str]:
    if isinstance(place, Hotspot):
        return HOTSPOT_STREAM, "hotspot"
    return INCIDENT_STREAM, "incident"


def place_person_link(
    *, actor: Any, place: Hotspot | Incident, person_pk: Any, role: str, note: str = ""
) -> PlacePerson:
    """Link a person the actor's jurisdiction reads to a place of a commune he writes for."""
    _writes_for(actor, place.commune)
    _choice(role, PlacePersonRole, "place_person_role_unknown", _("Choose a role."), "role")
    person = persons_visible(scope_for(actor)).filter(pk=person_pk).first()
    if person is None:
        raise DomainError(
            "place_person_unknown",
            _("No person with this record number in your jurisdiction."),
            "person",
        )
    stream, field = _place_stream(place)
    with transaction.atomic():
        if PlacePerson.objects.filter(**{field: place}, person=person, role=role).exists():
            raise DomainError(
                "place_person_already_linked",
                _("This person is already linked to the place in this role."),
                "person",
            )
        link = PlacePerson.objects.create(
            **{field: place}, person=person, role=role, note=text(note), created_by=actor
        )
        event_record(
            stream=stream,
            subject_id=place.pk,
            actor=actor,
            action=PlacePersonAction.LINKED,
            changes={"person": [None, person.pk], "role": [None, role]},
            note=link.note,
        )
    return link


def place_person_unlink(*, actor: Any, place: Hotspot | Incident, link_pk: Any) -> None:
    """Remove a link the actor may see; the place's events keep that it existed."""
    _writes_for(actor, place.commune)
    stream, field = _place_stream(place)
    visible = persons_visible(scope_for(actor))
    with transaction.atomic():
        link = PlacePerson.objects.filter(**{field: place}, pk=link_pk, person__in=visible).first()
        if link is None:
            raise NotFound()
        event_record(
            stream=stream,
            subject_id=place.pk,
            actor=actor,
            action=PlacePersonAction.UNLINKED,
            changes={"person": [link.person_id, None], "role": [link.role, None]},
        )
        link.delete()
