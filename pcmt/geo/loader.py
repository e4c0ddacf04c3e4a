"""Load the administrative units, the legacy units and the old→new conversion from packages.

Sources, all installed and read offline:
- `vietnam-provinces`: official 2025 codes and types, the 63-province legacy units and the
  code-level ward conversion with its split flags;
- `vietnamadminunits`: centroids of provinces and communes, areas of communes, read from its
  bundled SQLite file (importing the package would load its online geocoder);
- the shipped boundaries (`geo_dir()/communes/<province>.geojson.gz`), only to fill centroids
  or areas the packages lack.
"""

import math
import re
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from django.db import transaction

from pcmt.core.text import fold
from pcmt.geo.boundaries import boundary_file, geo_dir, read_geojson
from pcmt.geo.models import (
    TWO_LEVEL_START,
    AdminUnit,
    DivisionType,
    LegacyConversion,
    LegacyLevel,
    LegacyUnit,
    UnitLevel,
)

BATCH_SIZE = 500

# Type prefixes as the official names spell them (a few names use another case).
_PREFIX = re.compile(
    r"^(thành phố|tỉnh|quận|huyện|thị xã|thị trấn|phường|xã|đặc khu)\s+(.+)$", re.IGNORECASE
)

_NEW_TYPES = {
    "tỉnh": DivisionType.PROVINCE,
    "thành phố trung ương": DivisionType.MUNICIPALITY,
    "xã": DivisionType.COMMUNE,
    "phường": DivisionType.WARD,
    "đặc khu": DivisionType.SPECIAL_ZONE,
}

_ADMIN_FIELDS = [
    "level",
    "division_type",
    "name",
    "name_folded",
    "parent",
    "province_code",
    "centroid_lat",
    "centroid_lng",
    "area_km2",
    "valid_from",
]
_LEGACY_FIELDS = ["name", "name_folded", "division_type", "parent", "province_code"]


# An unsaved legacy unit and its parent's code, until the parent's id is known.
type _Legacy = tuple[LegacyUnit, str | None]


@dataclass(frozen=True)
class LoadReport:
    """What a load left in the database for the requested scope, and what it changed."""

    provinces: int
    communes: int
    legacy_provinces: int
    legacy_districts: int
    legacy_communes: int
    conversions: int
    partial_conversions: int
    communes_without_centroid: int
    communes_without_area: int
    created: int
    updated: int
    deleted: int


def split_type(full_name: str) -> tuple[str, str]:
    """("Phường Phúc Xá") → ("Phường", "Phúc Xá"); the type is capitalised as usual."""
    match = _PREFIX.match(full_name.strip())
    if match is None:
        return "", full_name.strip()
    return match.group(1).capitalize(), match.group(2).strip()


def units_load(*, provinces: list[str] | None = None) -> LoadReport:
    """Create or update, by code, the 2025 units, the legacy units and the conversion.

    `provinces` limits the load to some 2025 province codes and the legacy units that
    convert into them. Units missing from the packages are left alone, never deleted.
    """
    from vietnam_provinces import _lookup as new_lookup
    from vietnam_provinces import _province_conversion_2025 as province_conversion
    from vietnam_provinces import _ward_conversion_2025 as ward_conversion
    from vietnam_provinces.legacy import _lookup as old_lookup

    wanted = _province_scope(provinces, new_lookup.PROVINCE_MAPPING)
    new_provinces = [p for p in new_lookup.PROVINCE_MAPPING.values() if int(p.code) in wanted]
    new_wards = [w for w in new_lookup.WARD_MAPPING.values() if int(w.province_code) in wanted]
    old_province_codes = {
        code
        for code, entry in province_conversion.OLD_TO_NEW.items()
        if any(new.code in wanted for new in entry.new_provinces)
    }
    conversions = {
        code: entry
        for code, entry in ward_conversion.OLD_TO_NEW.items()
        if entry.old_ward.province_code in old_province_codes
    }
    geometry = _package_geometry()

    with transaction.atomic():
        counter = _Counter()
        province_ids = _upsert_admin_units(
            counter,
            [
                _admin_unit(
                    code=f"{int(p.code):02d}",
                    level=UnitLevel.PROVINCE,
                    kind=str(p.division_type),
                    full_name=p.name,
                    parent_id=None,
                    province_code=f"{int(p.code):02d}",
                    geometry=geometry.get(f"{int(p.code):02d}"),
                )
                for p in new_provinces
            ],
        )
        ward_rows = [
            _admin_unit(
                code=f"{int(w.code):05d}",
                level=UnitLevel.COMMUNE,
                kind=str(w.division_type),
                full_name=w.name,
                parent_id=province_ids[f"{int(w.province_code):02d}"],
                province_code=f"{int(w.province_code):02d}",
                geometry=geometry.get(f"{int(w.code):05d}"),
            )
            for w in new_wards
        ]
        _fill_from_geojson(ward_rows)
        commune_ids = _upsert_admin_units(counter, ward_rows)

        legacy = _legacy_rows(old_lookup, old_province_codes, conversions)
        old_province_ids = _upsert_legacy(counter, LegacyLevel.PROVINCE, legacy.provinces, {})
        old_district_ids = _upsert_legacy(
            counter, LegacyLevel.DISTRICT, legacy.districts, old_province_ids
        )
        old_commune_ids = _upsert_legacy(
            counter, LegacyLevel.COMMUNE, legacy.communes, old_district_ids
        )
        pairs = {
            (old_commune_ids[f"{code:05d}"], commune_ids[f"{new.code:05d}"]): (
                entry.old_ward.is_partly_merged or len(entry.new_wards) > 1
            )
            for code, entry in conversions.items()
            if f"{code:05d}" in old_commune_ids
            for new in entry.new_wards
            if f"{new.code:05d}" in commune_ids
        }
        _sync_conversions(counter, set(old_commune_ids.values()), pairs)

    _invalidate_address_index()
    return LoadReport(
        provinces=len(province_ids),
        communes=len(commune_ids),
        legacy_provinces=len(old_province_ids),
        legacy_districts=len(old_district_ids),
        legacy_communes=len(old_commune_ids),
        conversions=len(pairs),
        partial_conversions=sum(pairs.values()),
        communes_without_centroid=sum(1 for row in ward_rows if row.centroid_lat is None),
        communes_without_area=sum(1 for row in ward_rows if row.area_km2 is None),
        created=counter.created,
        updated=counter.updated,
        deleted=counter.deleted,
    )


def _province_scope(provinces: list[str] | None, known: dict[int, Any]) -> set[int]:
    if provinces is None:
        return set(known)
    unknown = [c for c in provinces if not (c.strip().isdigit() and int(c) in known)]
    if unknown:
        raise ValueError(f"Unknown 2025 province code(s): {', '.join(unknown)}")
    return {int(code) for code in provinces}


class _Counter:
    def __init__(self) -> None:
        self.created = 0
        self.updated = 0
        self.deleted = 0


@dataclass(frozen=True)
class _Geometry:
    lat: float | None
    lng: float | None
    area_km2: float | None


def _package_query(sql: str) -> list[tuple[Any, ...]]:
    """Rows of the data file bundled with vietnamadminunits, opened read-only."""
    spec = find_spec("vietnamadminunits")
    if spec is None or spec.origin is None:
        return []
    path = Path(spec.origin).parent / "data" / "dataset.db"
    if not path.exists():
        return []
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
        return conn.execute(sql).fetchall()


def _package_geometry() -> dict[str, _Geometry]:
    """Centroids of provinces and communes, areas of communes, by zero-padded code."""
    geometry: dict[str, _Geometry] = {}
    for province, province_lat, province_lng, code, lat, lng, area in _package_query(
        "SELECT provinceCode, provinceLat, provinceLon, wardCode, wardLat, wardLon, wardAreaKm2 "
        "FROM admin_units"
    ):
        geometry[province] = _Geometry(province_lat, province_lng, None)
        geometry[code] = _Geometry(lat, lng, area)
    return geometry


def _admin_unit(
    *,
    code: str,
    level: str,
    kind: str,
    full_name: str,
    parent_id: int | None,
    province_code: str,
    geometry: _Geometry | None,
) -> AdminUnit:
    _, name = split_type(full_name)
    return AdminUnit(
        code=code,
        level=level,
        division_type=_NEW_TYPES[kind],
        name=name,
        name_folded=fold(name),
        parent_id=parent_id,
        province_code=province_code,
        centroid_lat=geometry.lat if geometry else None,
        centroid_lng=geometry.lng if geometry else None,
        area_km2=geometry.area_km2 if geometry else None,
        valid_from=TWO_LEVEL_START,
    )


def _upsert_admin_units(counter: _Counter, rows: list[AdminUnit]) -> dict[str, int]:
    existing = {u.code: u for u in AdminUnit.objects.filter(code__in=[r.code for r in rows])}
    for row in rows:
        current = existing.get(row.code)
        # Geometry no source has this time (no boundary files here) keeps its earlier value.
        if current is not None and row.centroid_lat is None:
            row.centroid_lat, row.centroid_lng = current.centroid_lat, current.centroid_lng
        if current is not None and row.area_km2 is None:
            row.area_km2 = current.area_km2
    return _upsert(counter, AdminUnit, rows, existing, _ADMIN_FIELDS)


def _upsert_legacy(
    counter: _Counter, level: str, rows: list[_Legacy], parent_ids: dict[str, int]
) -> dict[str, int]:
    units = []
    for unit, parent_code in rows:
        unit.parent_id = parent_ids.get(parent_code) if parent_code else None
        units.append(unit)
    existing = {
        u.code: u for u in LegacyUnit.objects.filter(level=level, code__in=[u.code for u in units])
    }
    return _upsert(counter, LegacyUnit, units, existing, _LEGACY_FIELDS)


def _upsert[M: (AdminUnit, LegacyUnit)](
    counter: _Counter,
    model: type[M],
    rows: list[M],
    existing: dict[str, M],
    fields: list[str],
) -> dict[str, int]:
    """Bulk-create new codes, bulk-update only the rows whose fields changed."""
    attnames = [f.attname for f in model._meta.concrete_fields if f.name in fields]
    to_create: list[M] = []
    to_update: list[M] = []
    for row in rows:
        current = existing.get(row.code)
        if current is None:
            to_create.append(row)
        elif any(getattr(current, a) != getattr(row, a) for a in attnames):
            for attname in attnames:
                setattr(current, attname, getattr(row, attname))
            to_update.append(current)
    model._default_manager.bulk_create(to_create, batch_size=BATCH_SIZE)
    model._default_manager.bulk_update(to_update, fields, batch_size=BATCH_SIZE)
    counter.created += len(to_create)
    counter.updated += len(to_update)
    ids = {code: obj.pk for code, obj in existing.items()}
    ids.update({obj.code: obj.pk for obj in to_create})
    return ids


@dataclass(frozen=True)
class _LegacyRows:
    provinces: list[_Legacy]
    districts: list[_Legacy]
    communes: list[_Legacy]


def _legacy_unit(
    *, level: str, code: str, full_name: str, province_code: str, parent_code: str | None
) -> _Legacy:
    kind, name = split_type(full_name)
    unit = LegacyUnit(
        level=level,
        code=code,
        name=name,
        name_folded=fold(name),
        division_type=kind,
        province_code=province_code,
    )
    return unit, parent_code


def _legacy_rows(
    old_lookup: Any, old_province_codes: set[int], conversions: dict[int, Any]
) -> _LegacyRows:
    provinces = [
        _legacy_unit(
            level=LegacyLevel.PROVINCE,
            code=f"{int(p.code):02d}",
            full_name=p.name,
            province_code=f"{int(p.code):02d}",
            parent_code=None,
        )
        for p in old_lookup.PROVINCE_MAPPING.values()
        if int(p.code) in old_province_codes
    ]
    district_province = {
        int(d.code): int(d.province_code) for d in old_lookup.DISTRICT_MAPPING.values()
    }
    districts = [
        _legacy_unit(
            level=LegacyLevel.DISTRICT,
            code=f"{int(d.code):03d}",
            full_name=d.name,
            province_code=f"{int(d.province_code):02d}",
            parent_code=f"{int(d.province_code):02d}",
        )
        for d in old_lookup.DISTRICT_MAPPING.values()
        if int(d.province_code) in old_province_codes
    ]
    communes = [
        _legacy_unit(
            level=LegacyLevel.COMMUNE,
            code=f"{int(w.code):05d}",
            full_name=w.name,
            province_code=f"{district_province[int(w.district_code)]:02d}",
            parent_code=f"{int(w.district_code):03d}",
        )
        for w in old_lookup.WARD_MAPPING.values()
        if district_province.get(int(w.district_code)) in old_province_codes
    ]
    # A few communes dissolved shortly before 2025 are only in the conversion table.
    known = {int(w.code) for w in old_lookup.WARD_MAPPING.values()}
    missing = [entry.old_ward for code, entry in conversions.items() if code not in known]
    names = _package_legacy_names([ward.code for ward in missing])
    communes += [
        _legacy_unit(
            level=LegacyLevel.COMMUNE,
            code=f"{ward.code:05d}",
            full_name=names[ward.code],
            province_code=f"{ward.province_code:02d}",
            parent_code=f"{ward.district_code:03d}",
        )
        for ward in missing
        if ward.code in names and ward.district_code in district_province
    ]
    return _LegacyRows(provinces, districts, communes)


def _package_legacy_names(codes: Sequence[int]) -> dict[int, str]:
    """Legacy commune names from the vietnamadminunits data file, for codes it alone has."""
    if not codes:
        return {}
    wanted = {f"{code:05d}" for code in codes}
    rows = _package_query("SELECT DISTINCT wardCode, ward FROM admin_units_legacy")
    return {int(code): name for code, name in rows if code in wanted and name}


def _sync_conversions(
    counter: _Counter, legacy_ids: set[int], pairs: dict[tuple[int, int], bool]
) -> None:
    """Make the conversion rows of the loaded legacy communes exactly `pairs`."""
    existing = {
        (c.legacy_unit_id, c.unit_id): c
        for c in LegacyConversion.objects.filter(legacy_unit_id__in=legacy_ids)
    }
    stale = [c.pk for key, c in existing.items() if key not in pairs]
    changed = []
    for key, conversion in existing.items():
        if key in pairs and conversion.is_partial != pairs[key]:
            conversion.is_partial = pairs[key]
            changed.append(conversion)
    new = [
        LegacyConversion(legacy_unit_id=old, unit_id=unit, is_partial=partial)
        for (old, unit), partial in pairs.items()
        if (old, unit) not in existing
    ]
    for start in range(0, len(stale), BATCH_SIZE):
        LegacyConversion.objects.filter(pk__in=stale[start : start + BATCH_SIZE]).delete()
    LegacyConversion.objects.bulk_update(changed, ["is_partial"], batch_size=BATCH_SIZE)
    LegacyConversion.objects.bulk_create(new, batch_size=BATCH_SIZE)
    counter.created += len(new)
    counter.updated += len(changed)
    counter.deleted += len(stale)


def _fill_from_geojson(rows: list[AdminUnit]) -> None:
    """Fill missing centroids and areas from the boundary files, when they are installed."""
    lacking = [r for r in rows if r.centroid_lat is None or r.area_km2 is None]
    directory = geo_dir() / "communes"
    if not lacking or not directory.is_dir():
        return
    by_code = {r.code: r for r in lacking}
    for province_code in sorted({r.province_code for r in lacking}):
        path = boundary_file(directory, province_code)
        if path is None:
            continue
        for feature in read_geojson(path):
            row = by_code.get(str(feature.get("id") or feature["properties"].get("code")))
            if row is None or not feature.get("geometry"):
                continue
            lat, lng, area = polygon_centroid_area(_polygons(feature["geometry"]))
            if row.centroid_lat is None:
                row.centroid_lat, row.centroid_lng = lat, lng
            if row.area_km2 is None:
                row.area_km2 = area


def _polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    return []


# Mean metres per degree of latitude; longitude is scaled by cos(latitude).
_KM_PER_DEGREE = 111.195


def polygon_centroid_area(
    polygons: Iterable[Sequence[Sequence[Sequence[float]]]],
) -> tuple[float, float, float]:
    """Area-weighted centroid (lat, lng) and area in km² of GeoJSON polygons (holes subtract).

    Uses a local equirectangular projection, accurate enough for units the size of a commune.
    """
    rings = [ring for polygon in polygons for ring in polygon if len(ring) >= 3]
    if not rings:
        return math.nan, math.nan, 0.0
    lat0 = sum(point[1] for ring in rings for point in ring) / sum(len(r) for r in rings)
    x_scale = _KM_PER_DEGREE * math.cos(math.radians(lat0))
    total = cx = cy = 0.0
    for polygon in polygons:
        for index, ring in enumerate(polygon):
            area, x, y = _ring_moments(ring, x_scale)
            # The outer ring adds, holes subtract, whatever the winding in the file.
            sign = 1.0 if index == 0 else -1.0
            total += sign * abs(area)
            cx += sign * abs(area) * x
            cy += sign * abs(area) * y
    if total <= 0:
        return math.nan, math.nan, 0.0
    return cy / total / _KM_PER_DEGREE, cx / total / x_scale, total


def _ring_moments(ring: Sequence[Sequence[float]], x_scale: float) -> tuple[float, float, float]:
    """Signed area and centroid of one ring, in projected km."""
    points = [(p[0] * x_scale, p[1] * _KM_PER_DEGREE) for p in ring]
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if area == 0:
        return 0.0, 0.0, 0.0
    return area, cx / (6 * area), cy / (6 * area)


def _invalidate_address_index() -> None:
    from pcmt.geo.address import address_index_clear

    address_index_clear()
