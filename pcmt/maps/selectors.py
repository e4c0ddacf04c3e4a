"""Reads behind the map, all through the jurisdiction scope and the layer registry.

Who sees what: anyone with a data role in a jurisdiction opens the map and sees counts per
commune; hotspot counts follow the hotspot rule (not health or social services), hotspot
markers with links only those who read hotspots (police officers and supervisors); links to
persons only those who read persons. Persons are never plotted, only counted per commune.
"""

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max, Min, QuerySet
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.scope import Scope
from pcmt.core.errors import DomainError, NotFound
from pcmt.geo.models import AdminUnit, UnitBoundary, UnitNeighbour
from pcmt.jobs.models import Job
from pcmt.maps.analysis import (
    MIN_STEPS,
    PERMUTATIONS,
    EmergingResult,
    HotSpotResult,
    Progress,
    emerging_hot_spots,
    gi_star,
)
from pcmt.maps.classify import Classes, classify
from pcmt.maps.density import DensityGrid, kernel_density
from pcmt.maps.hexagons import HexCells, Point, hex_gi
from pcmt.maps.layers import MEASURES, MapAccess, Measure, hotspot_markers, measures_for
from pcmt.maps.periods import Period, period_containing, period_parse
from pcmt.places.models import Incident
from pcmt.places.selectors import hotspot_access, places_in_scope
from pcmt.population.selectors import rate_per_1000, residents_by_commune

GEOJSON_CACHE_SECONDS = 24 * 3600
# Coordinates to 5 decimals (about 1 m): the outlines are simplified far beyond that.
COORD_DIGITS = 5


def map_access(user: Any) -> MapAccess:
    hotspots = hotspot_access(user)
    scope = hotspots.scope
    return MapAccess(
        scope=scope,
        hotspot_counts=hotspots.counts,
        hotspot_markers=hotspots.reads,
        person_links=scope.can_read_persons,
    )


def map_can_open(user: Any) -> bool:
    return map_access(user).scope.can_read_aggregates


def measure_get(access: MapAccess, key: str) -> Measure:
    measure = MEASURES.get(key)
    if measure is None or not measure.visible(access):
        raise NotFound()
    return measure


def jurisdiction_communes(scope: Scope) -> QuerySet[AdminUnit]:
    """The communes whose values the scope shows."""
    return AdminUnit.objects.in_force().filter(pk__in=scope.communes().values("pk"))


def outline_communes(scope: Scope) -> QuerySet[AdminUnit]:
    """Communes drawn as outlines only: a commune officer's neighbours (no values)."""
    if scope.commune_id is None:
        return AdminUnit.objects.none()
    neighbours = UnitNeighbour.objects.filter(unit_id=scope.commune_id).values("neighbour_id")
    return AdminUnit.objects.in_force().communes().filter(pk__in=neighbours)


def _rounded(coords: Any) -> Any:
    if isinstance(coords, list | tuple) and coords and isinstance(coords[0], int | float):
        return [round(float(c), COORD_DIGITS) for c in coords]
    return [_rounded(c) for c in coords]


def _features(units: QuerySet[AdminUnit], *, in_scope: bool) -> list[dict[str, Any]]:
    features = []
    rows = UnitBoundary.objects.filter(unit__in=units).select_related("unit").order_by("unit__code")
    for boundary in rows:
        geometry = json.loads(boundary.geometry_overview or boundary.geometry)
        geometry["coordinates"] = _rounded(geometry["coordinates"])
        unit = boundary.unit
        features.append(
            {
                "type": "Feature",
                "id": unit.code,
                "geometry": geometry,
                "properties": {
                    "code": unit.code,
                    "name": unit.full_name,
                    "in_scope": in_scope,
                },
            }
        )
    return features


def communes_geojson(access: MapAccess) -> dict[str, Any]:
    """The scope's commune outlines (and a commune officer's neighbours), simplified, cached.

    The cache key holds the latest load of the boundaries, so reloading them invalidates it."""
    scope = access.scope
    loaded = UnitBoundary.objects.aggregate(last=Max("loaded_at"))["last"]
    stamp = loaded.isoformat() if loaded else "none"
    key = f"maps:communes:{scope.province_id}:{scope.commune_id}:{stamp}"
    found = cache.get(key)
    if found is not None:
        return dict(found)
    collection = {
        "type": "FeatureCollection",
        "features": _features(jurisdiction_communes(scope), in_scope=True)
        + _features(outline_communes(scope), in_scope=False),
    }
    cache.set(key, collection, GEOJSON_CACHE_SECONDS)
    return collection


@dataclass
class MeasureValues:
    measure: Measure
    period: Period
    values: dict[int, float | None]  # commune id → value; None: no data
    counts: dict[int, int]
    residents: dict[int, int] = field(default_factory=dict)
    classes: Classes | None = None


def measure_values(
    access: MapAccess, *, measure: Measure, period: Period, scheme: str = "quantiles"
) -> MeasureValues:
    """The measure per commune of the scope; a rate without a population figure is no data."""
    communes = list(jurisdiction_communes(access.scope))
    counts = measure.counts(access.scope, period)
    values: dict[int, float | None] = {}
    residents: dict[int, int] = {}
    if measure.per_1000:
        residents = residents_by_commune(communes=communes, on=period.end)
        for commune in communes:
            rate = rate_per_1000(counts.get(commune.pk, 0), residents.get(commune.pk))
            values[commune.pk] = float(rate) if isinstance(rate, Decimal) else None
    else:
        values = {c.pk: float(counts.get(c.pk, 0)) for c in communes}
    result = MeasureValues(measure, period, values, counts, residents)
    result.classes = classify(values, scheme=scheme)
    return result


def neighbours_among(ids: list[int]) -> dict[int, list[int]]:
    """Queen contiguity among the given communes, from the stored neighbour table."""
    links: dict[int, list[int]] = {i: [] for i in ids}
    rows = UnitNeighbour.objects.filter(unit_id__in=ids, neighbour_id__in=ids)
    for unit_id, neighbour_id in rows.values_list("unit_id", "neighbour_id"):
        links[unit_id].append(neighbour_id)
    return links


def hot_spot_analysis(access: MapAccess, *, measure: Measure, period: Period) -> HotSpotResult:
    """Gi* of the measure over the scope's communes (no-data communes left out)."""
    values = measure_values(access, measure=measure, period=period).values
    known = {unit: v for unit, v in values.items() if v is not None}
    return gi_star(known, neighbours_among(list(known)))


@dataclass
class CommuneSummary:
    commune: AdminUnit
    rows: list[dict[str, Any]]
    links: list[dict[str, Any]]


def commune_summary(access: MapAccess, *, code: str, period: Period) -> CommuneSummary:
    """One commune's figures for the popup, with links the user may follow."""
    commune = jurisdiction_communes(access.scope).filter(code=code).first()
    if commune is None:
        raise NotFound()
    # The same layers, read for this commune alone.
    alone = dataclasses.replace(access, scope=Scope(commune_id=commune.pk, role=access.scope.role))
    rows = []
    for measure in measures_for(access):
        values = measure_values(alone, measure=measure, period=period)
        rows.append(
            {"label": measure.label, "value": values.values.get(commune.pk), "unit": measure.unit}
        )
    links = []
    if access.person_links:
        links.append(
            {
                "label": _("Persons of this commune"),
                "url": reverse("person_list") + "?" + urlencode({"commune": commune.pk}),
            }
        )
    if access.place_records:
        for label, name in (
            (_("Hotspots of this commune"), "hotspot_list"),
            (_("Incidents of this commune"), "incident_list"),
            (_("Conditional businesses of this commune"), "business_list"),
            (_("Key areas of this commune"), "key_area_list"),
            (_("Drug-free units of this commune"), "drug_free_list"),
        ):
            links.append(
                {"label": label, "url": reverse(name) + "?" + urlencode({"commune": commune.pk})}
            )
    return CommuneSummary(commune, rows, links)


def measure_choices(access: MapAccess) -> list[tuple[str, Any]]:
    return [(m.key, m.label) for m in measures_for(access)]


def export_rows(
    access: MapAccess, *, measure: Measure, period: Period, scheme: str
) -> tuple[MeasureValues, HotSpotResult, list[AdminUnit]]:
    """What the map shows for a period, for export: values, classes and the Gi* result."""
    values = measure_values(access, measure=measure, period=period, scheme=scheme)
    known = {unit: v for unit, v in values.values.items() if v is not None}
    analysis = gi_star(known, neighbours_among(list(known)))
    communes = list(jurisdiction_communes(access.scope).order_by("code"))
    return values, analysis, communes


def _incident_points(access: MapAccess, period: Period) -> list[Point]:
    """The located incidents of the scope that occurred in the period."""
    rows = (
        places_in_scope(Incident, access.scope)
        .filter(occurred_on__gte=period.start, occurred_on__lte=period.end)
        .filter(latitude__isnull=False, longitude__isnull=False)
        .values_list("pk", "latitude", "longitude", "occurred_on")
    )
    return [
        Point(str(pk), float(lat), float(lng), day)
        for pk, lat, lng, day in rows
        if lat is not None and lng is not None
    ]


def _hotspot_points(access: MapAccess, period: Period) -> list[Point]:
    """The located hotspots the hotspot layer shows for the period (coordinates only)."""
    return [
        Point(
            str(f["properties"]["id"]),
            f["geometry"]["coordinates"][1],
            f["geometry"]["coordinates"][0],
            period.end,
        )
        for f in hotspot_markers(access, period)
    ]


HEX_POINTS = {"incidents": _incident_points, "hotspots": _hotspot_points}
# The map page runs Gi* over hexagons in the request up to this many located points (well under
# a second); above, it runs as a background job with a progress bar.
HEX_IN_REQUEST_POINTS = 5000


def hexagon_points(access: MapAccess, *, period: Period, points: str) -> list[Point]:
    """The scope's located incidents (or hotspots) of the period: counts only, for those who
    see place counts (a commune officer: his commune's points)."""
    if not access.place_counts:
        raise NotFound()
    read = HEX_POINTS.get(points)
    if read is None:
        raise DomainError(
            "map_hex_points", _("Choose incidents or hotspots as the points."), "points"
        )
    return read(access, period)


def hexagon_analysis(
    access: MapAccess,
    *,
    period: Period,
    points: str,
    found: list[Point] | None = None,
    progress: Progress | None = None,
) -> HexCells:
    """Gi* of the scope's located incidents (or hotspots) of the period counted per H3
    hexagon, as `manage.py hotspot_analysis` computes it (`found`: the points, when read
    already)."""
    if found is None:
        found = hexagon_points(access, period=period, points=points)
    permutations = getattr(settings, "PCMT_MAP_PERMUTATIONS", PERMUTATIONS)
    return hex_gi(found, permutations=permutations, progress=progress)


def incident_density(access: MapAccess, *, period: Period) -> DensityGrid:
    """Kernel density of the located incidents of the period over the jurisdiction's box
    (counts only: no incident is identifiable from it)."""
    if not access.place_counts:
        raise NotFound()
    communes = jurisdiction_communes(access.scope)
    box = UnitBoundary.objects.filter(unit__in=communes).aggregate(
        s=Min("min_lat"), w=Min("min_lng"), n=Max("max_lat"), e=Max("max_lng")
    )
    points = [(p.lat, p.lon) for p in _incident_points(access, period)]
    if box["s"] is None:
        if not points:
            return kernel_density([], (0.0, 0.0, 0.0, 0.0))
        lats, lngs = [p[0] for p in points], [p[1] for p in points]
        box = {"s": min(lats), "w": min(lngs), "n": max(lats), "e": max(lngs)}
    return kernel_density(points, (box["s"], box["w"], box["n"], box["e"]))


def time_steps(step: str, *, end: date, count: int) -> list[Period]:
    """`count` consecutive months or quarters ending with the one holding `end`."""
    periods = [period_containing(step, end)]
    while len(periods) < count:
        if periods[0].start <= date.min + timedelta(days=1):
            raise DomainError("map_period_date", _("Enter a valid date (dd/mm/yyyy)."), "start")
        periods.insert(0, period_containing(step, periods[0].start - timedelta(days=1)))
    return periods


MAX_STEPS = 24


def emerging_steps(params: Mapping[str, str], *, today: date) -> list[Period]:
    """The time steps of an emerging analysis: `steps` (4…24, default 12) months or quarters
    (`step`) ending with the one holding `start` (default: today)."""
    step = params.get("step") or "quarter"
    if step not in ("month", "quarter"):
        raise DomainError("map_step", _("Choose month or quarter time steps."), "step")
    try:
        count = int(params.get("steps") or 12)
    except ValueError:
        count = 0
    if not MIN_STEPS <= count <= MAX_STEPS:
        raise DomainError(
            "map_steps",
            _("Choose from %(min)d to %(max)d time steps.") % {"min": MIN_STEPS, "max": MAX_STEPS},
            "steps",
        )
    end = period_parse({"period": step, "start": params.get("start", "")}, today=today).end
    return time_steps(step, end=end, count=count)


def emerging_analysis(
    access: MapAccess,
    *,
    measure: Measure,
    steps: list[Period],
    progress: Progress | None = None,
) -> EmergingResult:
    """Esri's emerging hot-spot categories of the measure over the scope's communes: Gi* per
    time step, Mann-Kendall trend of each commune's z-scores. Communes without a value in
    some step (a rate without a population figure) are left out. `progress` hears the steps
    read, then the steps analysed."""
    total = 2 * len(steps)
    series = []
    for index, step in enumerate(steps):
        if progress is not None:
            progress(index, total)
        series.append(measure_values(access, measure=measure, period=step).values)
    known = [u for u in series[0] if all(s.get(u) is not None for s in series)]
    values = [{u: float(s[u] or 0) for u in known} for s in series]

    def analysed(done: int, _steps: int) -> None:
        if progress is not None:
            progress(len(steps) + done, total)

    permutations = getattr(settings, "PCMT_MAP_PERMUTATIONS", PERMUTATIONS)
    return emerging_hot_spots(
        values, neighbours_among(known), permutations=permutations, progress=analysed
    )


# Background jobs of the map --------------------------------------------------------------

MAP_JOB_KINDS = ("map_emerging", "map_hexagons")


def scope_key(scope: Scope) -> list[int | None]:
    """The jurisdiction a map job was launched in: its results stay within it."""
    return [scope.province_id, scope.commune_id]


def period_from_json(data: Mapping[str, Any]) -> Period:
    return Period(data["kind"], date.fromisoformat(data["start"]), date.fromisoformat(data["end"]))


def map_job_get(user: Any, pk: object) -> Job:
    """A map job whose results the user may see: launched in the same jurisdiction as his,
    and of a layer his role sees (the hexagons: place counts; the emerging analysis: its
    measure). Anything else is not found."""
    try:
        job = Job.objects.get(pk=int(str(pk)), kind__in=MAP_JOB_KINDS)
    except (Job.DoesNotExist, ValueError) as exc:
        raise NotFound() from exc
    access = map_access(user)
    if not access.scope.can_read_aggregates or job.params.get("scope") != scope_key(access.scope):
        raise NotFound()
    if job.kind == "map_hexagons" and not access.place_counts:
        raise NotFound()
    if job.kind == "map_emerging":
        measure_get(access, str(job.params.get("measure")))
    return job
