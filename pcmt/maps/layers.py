"""The map's layers, one registry: a layer is a function of (scope, period) → counts or features.

Measures colour the communes (a count or rate per commune id); marker layers return GeoJSON
point features. Each entry says who may see it. A new layer (incidents, key areas,
businesses, drug-free units) is one function and one `measure_register`/`markers_register`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.scope import Scope
from pcmt.casework.models import DrugTest, TestResult
from pcmt.maps.periods import Period
from pcmt.persons.models import CategoryPeriod
from pcmt.places.classification import classification_on
from pcmt.places.common import active_on
from pcmt.places.models import (
    Business,
    BusinessKind,
    HotspotPeriod,
    HotspotSeverity,
    HotspotStatus,
    Incident,
    IncidentKind,
    KeyArea,
    KeyAreaPeriod,
    KeyAreaStatus,
)
from pcmt.places.selectors import (
    businesses_operating_on,
    drug_free_on,
    hotspot_counts_on,
    hotspots_in_scope,
    incident_counts_between,
    places_in_scope,
)


@dataclass(frozen=True)
class MapAccess:
    """What a user sees on the map: the scope, and which layers and links."""

    scope: Scope
    # Hotspots, and every other police place registry (incidents, businesses, key areas,
    # drug-free units): one rule (`places.selectors.place_access`).
    hotspot_counts: bool = False  # counts per commune (analysts too; not health, social)
    hotspot_markers: bool = False  # points, with links to their records (police)
    person_links: bool = False  # links from a commune to its persons

    @property
    def place_counts(self) -> bool:
        return self.hotspot_counts

    @property
    def place_records(self) -> bool:
        return self.hotspot_markers


CountFn = Callable[[Scope, Period], dict[int, int]]


@dataclass(frozen=True)
class Measure:
    key: str
    label: str | Promise
    unit: str | Promise
    counts: CountFn
    visible: Callable[[MapAccess], bool]
    # Divide by residents (per 1,000) using the population figures.
    per_1000: bool = False


@dataclass(frozen=True)
class MarkerLayer:
    key: str
    label: str | Promise
    features: Callable[[MapAccess, Period], list[dict[str, Any]]]
    visible: Callable[[MapAccess], bool]


MEASURES: dict[str, Measure] = {}
MARKER_LAYERS: dict[str, MarkerLayer] = {}


def measure_register(measure: Measure) -> Measure:
    MEASURES[measure.key] = measure
    return measure


def markers_register(layer: MarkerLayer) -> MarkerLayer:
    MARKER_LAYERS[layer.key] = layer
    return layer


def measures_for(access: MapAccess) -> list[Measure]:
    return [m for m in MEASURES.values() if m.visible(access)]


def marker_layers_for(access: MapAccess) -> list[MarkerLayer]:
    return [layer for layer in MARKER_LAYERS.values() if layer.visible(access)]


def _aggregates(access: MapAccess) -> bool:
    return access.scope.can_read_aggregates


def _hotspot_counts(access: MapAccess) -> bool:
    return access.hotspot_counts


def _hotspot_markers(access: MapAccess) -> bool:
    return access.hotspot_markers


def persons_managed(scope: Scope, period: Period) -> dict[int, int]:
    """Persons with a category open at the period's end, by managing commune (no names)."""
    day = period.end
    open_then = CategoryPeriod.objects.filter(
        Q(start_date__lte=day), Q(end_date__isnull=True) | Q(end_date__gt=day)
    )
    rows = (
        open_then.filter(scope.unit_q("person__managing_commune"))
        .filter(person__merged_into__isnull=True)
        .values("person__managing_commune_id")
        .annotate(n=Count("person_id", distinct=True))
        .values_list("person__managing_commune_id", "n")
    )
    return dict(rows)


def positive_tests(scope: Scope, period: Period) -> dict[int, int]:
    """Positive drug tests dated in the period, by the person's managing commune."""
    rows = (
        DrugTest.objects.filter(
            scope.unit_q("person__managing_commune"),
            result=TestResult.POSITIVE,
            tested_on__gte=period.start,
            tested_on__lte=period.end,
        )
        .values("person__managing_commune_id")
        .annotate(n=Count("pk"))
        .values_list("person__managing_commune_id", "n")
    )
    return dict(rows)


def hotspots_open(scope: Scope, period: Period) -> dict[int, int]:
    """Hotspots open at the end of the period's last day, from their dated history."""
    counts: dict[int, int] = hotspot_counts_on(scope, period.end)["by_commune"]
    return counts


def hotspot_markers(access: MapAccess, period: Period) -> list[dict[str, Any]]:
    """Located hotspots in some state during the period (closed before it: not shown), each
    with the state it stood in at the period's end, from the dated state history."""
    periods = HotspotPeriod.objects.filter(
        Q(started_on__lte=period.end),
        Q(ended_on__isnull=True) | Q(ended_on__gt=period.start),
        hotspot__in=hotspots_in_scope(access.scope).filter(
            latitude__isnull=False, longitude__isnull=False
        ),
    ).select_related("hotspot", "hotspot__commune")
    latest: dict[int, HotspotPeriod] = {}
    for state in periods.order_by("hotspot_id", "started_on", "pk"):
        latest[state.hotspot_id] = state
    statuses = dict(HotspotStatus.choices)
    severities = dict(HotspotSeverity.choices)
    features = []
    for state in latest.values():
        hotspot = state.hotspot
        if state.status == HotspotStatus.CLOSED and state.started_on <= period.start:
            continue
        status = state.status
        features.append(
            {
                "type": "Feature",
                "geometry": _point(hotspot),
                "properties": {
                    "id": hotspot.pk,
                    "name": hotspot.name,
                    "commune": hotspot.commune.code,
                    "status": str(status),
                    "status_label": str(statuses.get(status, status)),
                    "severity": hotspot.severity,
                    "severity_label": str(severities.get(hotspot.severity, hotspot.severity)),
                    "legend": f"{statuses.get(status, status)} · "
                    f"{severities.get(hotspot.severity, '')}",
                    "url": reverse("hotspot_detail", kwargs={"hotspot_pk": hotspot.pk}),
                },
            }
        )
    return features


def _point(place: Any) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [float(place.longitude), float(place.latitude)]}


def incidents_between(scope: Scope, period: Period) -> dict[int, int]:
    """Incidents that occurred in the period, by commune."""
    counts: dict[int, int] = incident_counts_between(scope, period.start, period.end)["by_commune"]
    return counts


def key_areas_in_transformation(scope: Scope, period: Period) -> dict[int, int]:
    """Key areas still to transform at the period's end (selected, being transformed, or
    re-emerged), from their dated periods, by commune."""
    states = KeyAreaPeriod.objects.filter(
        active_on(period.end),
        key_area__in=places_in_scope(KeyArea, scope),
        status__in=[KeyAreaStatus.SELECTED, KeyAreaStatus.TRANSFORMING, KeyAreaStatus.RE_EMERGED],
    )
    rows = (
        states.values("key_area__commune_id")
        .annotate(n=Count("key_area_id", distinct=True))
        .values_list("key_area__commune_id", "n")
    )
    return dict(rows)


# QĐ 28/2025: type I is the most serious; the map's classes read 3 = I, 2 = II, 1 = III.
_TYPE_LEVEL = {"I": 3, "II": 2, "III": 1}


def key_area_type(scope: Scope, period: Period) -> dict[int, int]:
    """Each commune's key-area type by QĐ 28/2025 computed from the data at the period's end,
    as a level (3 = type I, 2 = type II, 1 = type III, 0 = no type)."""

    communes, _province = classification_on(scope, period.end)
    return {
        row.commune.pk: _TYPE_LEVEL.get(row.area_type or "", 0)
        for row in communes
        if row.commune is not None
    }


def drug_free_units(scope: Scope, period: Period) -> dict[int, int]:
    """Drug-free units recognised at the period's end (the commune itself, its villages and
    residential groups), by commune."""
    rows = (
        drug_free_on(scope, period.end)
        .values("commune_id")
        .annotate(n=Count("pk"))
        .values_list("commune_id", "n")
    )
    return dict(rows)


def incident_markers(access: MapAccess, period: Period) -> list[dict[str, Any]]:
    """Located incidents that occurred in the period, with a link to each record."""
    incidents = places_in_scope(Incident, access.scope).filter(
        occurred_on__gte=period.start,
        occurred_on__lte=period.end,
        latitude__isnull=False,
        longitude__isnull=False,
    )
    kinds = {key: str(label).capitalize() for key, label in IncidentKind.choices}
    # The link is one pattern with the id in it: reversed once, not once per incident.
    url = reverse("incident_detail", kwargs={"incident_pk": 0}).replace("/0/", "/{}/")
    rows = incidents.order_by("pk").values_list(
        "pk", "summary", "commune__code", "kind", "occurred_on", "latitude", "longitude"
    )
    return [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},  # type: ignore[arg-type]
            "properties": {
                "id": pk,
                "name": summary,
                "commune": code,
                "kind": kind,
                "legend": kinds.get(kind, kind),
                "date": f"{occurred_on:%d/%m/%Y}",
                "url": url.format(pk),
            },
        }
        for pk, summary, code, kind, occurred_on, lat, lon in rows
    ]


def business_markers(access: MapAccess, period: Period) -> list[dict[str, Any]]:
    """Located conditional businesses operating at the period's end, with a link to each."""
    businesses = businesses_operating_on(access.scope, period.end).filter(
        latitude__isnull=False, longitude__isnull=False
    )
    kinds = dict(BusinessKind.choices)
    features = []
    for business in businesses.select_related("commune").order_by("pk"):
        assert isinstance(business, Business)
        features.append(
            {
                "type": "Feature",
                "geometry": _point(business),
                "properties": {
                    "id": business.pk,
                    "name": business.name,
                    "commune": business.commune.code,
                    "kind": business.kind,
                    "legend": str(kinds.get(business.kind, business.kind)).capitalize(),
                    "url": reverse("business_detail", kwargs={"business_pk": business.pk}),
                },
            }
        )
    return features


def _place_counts(access: MapAccess) -> bool:
    return access.place_counts


def _place_records(access: MapAccess) -> bool:
    return access.place_records


measure_register(
    Measure(
        "persons",
        _("Persons under management"),
        _("persons"),
        persons_managed,
        _aggregates,
    )
)
measure_register(
    Measure(
        "persons_rate",
        _("Persons under management per 1,000 residents"),
        _("per 1,000 residents"),
        persons_managed,
        _aggregates,
        per_1000=True,
    )
)
measure_register(
    Measure(
        "positive_tests",
        _("Positive drug tests in the period"),
        _("tests"),
        positive_tests,
        _aggregates,
    )
)
measure_register(
    Measure(
        "hotspots",
        _("Hotspots open at the end of the period"),
        _("hotspots"),
        hotspots_open,
        _hotspot_counts,
    )
)
markers_register(
    MarkerLayer("hotspots", _("Hotspots active in the period"), hotspot_markers, _hotspot_markers)
)
measure_register(
    Measure(
        "incidents",
        _("Incidents in the period"),
        _("incidents"),
        incidents_between,
        _place_counts,
    )
)
measure_register(
    Measure(
        "key_areas",
        _("Key areas not yet transformed at the end of the period"),
        _("key areas"),
        key_areas_in_transformation,
        _place_counts,
    )
)
measure_register(
    Measure(
        "key_area_type",
        _("Key-area type by QĐ 28/2025 at the end of the period"),
        _("level: 3 = type I, 2 = type II, 1 = type III, 0 = none"),
        key_area_type,
        _place_counts,
    )
)
measure_register(
    Measure(
        "drug_free",
        _("Drug-free units at the end of the period (commune, villages, residential groups)"),
        _("drug-free units"),
        drug_free_units,
        _place_counts,
    )
)
markers_register(
    MarkerLayer("incidents", _("Incidents in the period"), incident_markers, _place_records)
)
markers_register(
    MarkerLayer(
        "businesses",
        _("Conditional businesses operating at the end of the period"),
        business_markers,
        _place_records,
    )
)
