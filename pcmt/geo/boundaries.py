"""The outlines of provinces and communes: loading the shipped files and commune neighbours.

The files under `data/boundaries/` (gzipped GeoJSON, one file per province) are read into
`UnitBoundary`; communes that share a border or touch at a corner become `UnitNeighbour` rows,
one each way. Loading one province also links its border communes to the communes of the
neighbouring provinces already loaded.
"""

import gzip
import json
import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import shapely
from django.db import transaction
from django.db.models import Q, QuerySet
from shapely.affinity import scale
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from pcmt.core.text import fold
from pcmt.env import env_str
from pcmt.geo.models import AdminUnit, UnitBoundary, UnitLevel, UnitNeighbour

DATA_DIR = Path(__file__).resolve().parent / "data" / "boundaries"
SOURCE = "vietnamese-provinces-database GIS v4.0.0"
BATCH_SIZE = 200
# Degrees (about 200 m): enough to draw a whole province on one screen.
OVERVIEW_TOLERANCE = 0.002
# Degrees (about 50 m): the shipped outlines are simplified to 0.0004°, so neighbours' borders
# may not coincide exactly; closer than this counts as touching.
NEIGHBOUR_TOLERANCE = 0.0005
_KM_PER_DEGREE = 111.195


@dataclass
class BoundaryReport:
    """What a load did, and what it could not do (never an exception for missing data)."""

    provinces: int = 0
    communes: int = 0
    neighbour_pairs: int = 0
    # "code name" of each unit in force in the scope that has no outline in the files.
    units_without_boundary: list[str] = field(default_factory=list)
    # Codes in the files that match no unit in force (e.g. units not loaded yet).
    unknown_codes: list[str] = field(default_factory=list)
    # Codes whose geometry is empty or not a polygon, even after repair.
    unusable: list[str] = field(default_factory=list)
    # "file code→unit code name" of outlines matched by name: the sources' codes differ.
    matched_by_name: list[str] = field(default_factory=list)
    seconds: float = 0.0


def geo_dir() -> Path:
    """The boundary files: PCMT_GEO_DIR when set, else those shipped in `data/boundaries`."""
    return Path(env_str("PCMT_GEO_DIR", str(DATA_DIR)))


def read_geojson(path: Path) -> list[dict[str, Any]]:
    """The features of a .geojson or .geojson.gz file."""
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    return list(json.loads(raw.decode("utf-8")).get("features", []))


def boundary_file(directory: Path, stem: str) -> Path | None:
    """`<stem>.geojson.gz`, else `<stem>.geojson`, else None."""
    for name in (f"{stem}.geojson.gz", f"{stem}.geojson"):
        if (directory / name).is_file():
            return directory / name
    return None


def feature_code(feature: dict[str, Any]) -> str:
    return str(feature.get("id") or (feature.get("properties") or {}).get("code") or "")


def geometry_from_json(text: str) -> BaseGeometry:
    return shape(json.loads(text))


def polygonal(geometry: dict[str, Any] | None) -> tuple[BaseGeometry | None, bool]:
    """A valid (multi)polygon from a GeoJSON geometry, and whether it had to be repaired."""
    if not geometry or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return None, False
    try:
        geom = shape(geometry)
    except (ValueError, TypeError, AttributeError, IndexError, shapely.errors.ShapelyError):
        return None, False
    repaired = not geom.is_valid
    if repaired:
        geom = shapely.make_valid(geom)
        if geom.geom_type == "GeometryCollection":
            parts = [g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
            geom = shapely.union_all(parts) if parts else shapely.Polygon()
    if geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon"):
        return None, repaired
    return geom, repaired


def area_km2(geom: BaseGeometry) -> float:
    """Area in km² in a local equirectangular projection (good to a fraction of a percent)."""
    return float(_projected(geom).area)


def _projected(geom: BaseGeometry) -> BaseGeometry:
    lat0 = geom.centroid.y
    return scale(
        geom,
        xfact=_KM_PER_DEGREE * math.cos(math.radians(lat0)),
        yfact=_KM_PER_DEGREE,
        origin=(0, 0),
    )


def _boundary_row(
    unit: AdminUnit, geometry: dict[str, Any], geom: BaseGeometry, *, as_shipped: bool
) -> UnitBoundary:
    min_lng, min_lat, max_lng, max_lat = geom.bounds
    overview = geom.simplify(OVERVIEW_TOLERANCE, preserve_topology=True)
    if overview.is_empty:
        overview = geom
    # The file's own text when it was valid as shipped; the repaired geometry otherwise.
    text = json.dumps(geometry, separators=(",", ":")) if as_shipped else shapely.to_geojson(geom)
    return UnitBoundary(
        unit=unit,
        geometry=text,
        geometry_overview=shapely.to_geojson(overview),
        min_lat=min_lat,
        min_lng=min_lng,
        max_lat=max_lat,
        max_lng=max_lng,
        area_km2=area_km2(geom),
        source=SOURCE,
    )


def boundaries_load(
    *, provinces: Sequence[str] | None = None, directory: Path | None = None
) -> BoundaryReport:
    """Load the outlines of the units in force (all, or those of `provinces`) and neighbours.

    Idempotent: a province's outlines and its communes' neighbour rows are replaced.
    """
    started = time.perf_counter()
    directory = directory or geo_dir()
    report = BoundaryReport()
    units = AdminUnit.objects.in_force()
    if provinces:
        units = units.filter(province_code__in=list(provinces))
    by_code = {u.code: u for u in units}
    province_codes = sorted(u.code for u in by_code.values() if u.level == UnitLevel.PROVINCE)
    rows: list[UnitBoundary] = []
    shapes: dict[int, BaseGeometry] = {}
    unmatched: list[dict[str, Any]] = []

    def take(features: Iterable[dict[str, Any]], level: str) -> None:
        for feature in features:
            code = feature_code(feature)
            unit = by_code.get(code)
            if unit is None or unit.level != level:
                if level == UnitLevel.COMMUNE:
                    unmatched.append(feature)
                elif code:
                    report.unknown_codes.append(code)
                continue
            geom, repaired = polygonal(feature.get("geometry"))
            if geom is None:
                report.unusable.append(code)
                continue
            rows.append(_boundary_row(unit, feature["geometry"], geom, as_shipped=not repaired))
            shapes[unit.pk] = geom

    province_file = boundary_file(directory, "provinces")
    if province_file is not None:
        wanted = set(province_codes)
        take(
            (f for f in read_geojson(province_file) if feature_code(f) in wanted),
            UnitLevel.PROVINCE,
        )
    for code in province_codes:
        path = boundary_file(directory / "communes", code)
        if path is not None:
            take(read_geojson(path), UnitLevel.COMMUNE)

    found = {row.unit.pk for row in rows}
    # A commune whose code differs between the sources: the same name in the same province,
    # among the communes still without an outline, and only when that name is unique there.
    for feature in unmatched:
        properties = feature.get("properties") or {}
        code = feature_code(feature)
        same_name = [
            u
            for u in by_code.values()
            if u.level == UnitLevel.COMMUNE
            and u.pk not in found
            and u.province_code == str(properties.get("province_code", ""))
            and u.name_folded == fold(str(properties.get("name", "")))
        ]
        if len(same_name) != 1:
            if code:
                report.unknown_codes.append(code)
            continue
        size = len(rows)
        take([{**feature, "id": same_name[0].code}], UnitLevel.COMMUNE)
        if len(rows) > size:
            found.add(same_name[0].pk)
            report.matched_by_name.append(f"{code}→{same_name[0].code} {same_name[0].name}")
    report.units_without_boundary = [
        f"{u.code} {u.name}"
        for u in sorted(by_code.values(), key=lambda u: u.code)
        if u.pk not in found
    ]
    report.provinces = sum(1 for r in rows if r.unit.level == UnitLevel.PROVINCE)
    report.communes = len(rows) - report.provinces
    with transaction.atomic():
        UnitBoundary.objects.filter(unit__in=list(by_code.values())).delete()
        UnitBoundary.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        level = {u.pk: u.level for u in by_code.values()}
        commune_shapes = {pk: g for pk, g in shapes.items() if level[pk] == UnitLevel.COMMUNE}
        communes_in_scope = [u.pk for u in by_code.values() if u.level == UnitLevel.COMMUNE]
        report.neighbour_pairs = neighbours_compute(
            unit_ids=communes_in_scope, shapes=commune_shapes
        )
    report.seconds = time.perf_counter() - started
    return report


def neighbours_compute(*, unit_ids: Sequence[int], shapes: dict[int, BaseGeometry]) -> int:
    """Replace the neighbour rows of `unit_ids`, from `shapes` and the other loaded communes.

    Returns the number of neighbouring pairs that involve at least one of `unit_ids`.
    """
    if not unit_ids:
        return 0
    UnitNeighbour.objects.filter(Q(unit_id__in=unit_ids) | Q(neighbour_id__in=unit_ids)).delete()
    if not shapes:
        return 0
    # Communes outside the scope (other provinces) that may touch it, by their box.
    min_lng, min_lat, max_lng, max_lat = shapely.union_all(
        [shapely.box(*g.bounds) for g in shapes.values()]
    ).bounds
    margin = NEIGHBOUR_TOLERANCE * 2
    others = UnitBoundary.objects.filter(
        unit__level=UnitLevel.COMMUNE,
        min_lat__lte=max_lat + margin,
        max_lat__gte=min_lat - margin,
        min_lng__lte=max_lng + margin,
        max_lng__gte=min_lng - margin,
    ).exclude(unit_id__in=list(shapes))
    candidates = dict(shapes)
    for unit_id, text in others.values_list("unit_id", "geometry"):
        candidates[unit_id] = geometry_from_json(text)
    ids = list(candidates)
    geoms = [candidates[i] for i in ids]
    tree = shapely.STRtree(geoms)
    pairs: dict[tuple[int, int], float] = {}
    for unit_id, geom in shapes.items():
        for index in tree.query(geom, predicate="dwithin", distance=NEIGHBOUR_TOLERANCE):
            other = ids[int(index)]
            if other == unit_id:
                continue
            key = (min(unit_id, other), max(unit_id, other))
            if key not in pairs:
                pairs[key] = shared_border_km(geom, candidates[other])
    rows = []
    for (a, b), length in pairs.items():
        rows.append(UnitNeighbour(unit_id=a, neighbour_id=b, shared_border_km=length))
        rows.append(UnitNeighbour(unit_id=b, neighbour_id=a, shared_border_km=length))
    UnitNeighbour.objects.bulk_create(rows, batch_size=1000)
    return len(pairs)


def shared_border_km(a: BaseGeometry, b: BaseGeometry) -> float:
    """Length of a's border that runs within the tolerance of b (0 for a corner)."""
    common = a.boundary.intersection(b.buffer(NEIGHBOUR_TOLERANCE))
    if common.is_empty:
        return 0.0
    return round(float(_projected(common).length), 3)


# --- reads ------------------------------------------------------------------------------------


def unit_neighbours(unit: AdminUnit) -> QuerySet[AdminUnit]:
    """The units that share a border with `unit` (or touch it), by name."""
    return AdminUnit.objects.filter(
        pk__in=UnitNeighbour.objects.filter(unit=unit).values("neighbour_id")
    ).order_by("name_folded")


def boundaries_geojson(
    units: Iterable[AdminUnit],
    *,
    overview: bool = False,
    properties: dict[int, dict[str, Any]] | None = None,
) -> str:
    """A GeoJSON FeatureCollection of the units' outlines, as text.

    The stored geometry texts are spliced in as they are, without parsing, so a province's
    communes come out in milliseconds. `properties` adds values per unit id (e.g. a measure).
    Units without a boundary are left out.
    """
    by_id = {u.pk: u for u in units}
    column = "geometry_overview" if overview else "geometry"
    parts = []
    rows = UnitBoundary.objects.filter(unit_id__in=list(by_id)).values_list("unit_id", column)
    for unit_id, geometry in rows.order_by("unit__code"):
        unit = by_id[unit_id]
        props = {"code": unit.code, "name": unit.name, "level": unit.level}
        if properties and unit_id in properties:
            props.update(properties[unit_id])
        head = json.dumps(
            {"type": "Feature", "id": unit.code, "properties": props}, ensure_ascii=False
        )
        parts.append(f'{head[:-1]},"geometry":{geometry}}}')
    return '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"
