"""Hot-spot and emerging hot-spot analysis of located points over H3 hexagons (pure: files
in, rows out, no database) — what `manage.py hotspot_analysis` runs.

Each point falls in one H3 cell at the chosen resolution; the cells analysed are those that
hold a point and their immediate neighbours (count 0 when empty), as Esri aggregates
incidents into hexagons. Neighbours are the six cells around a cell (binary weights).
"""

import csv
import datetime
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO

from django.utils.translation import gettext as _

from pcmt.core.errors import DomainError
from pcmt.core.tabular import write_csv
from pcmt.maps.analysis import (
    MIN_STEPS,
    MIN_UNITS,
    PERMUTATIONS,
    SEED,
    TREND_ALPHA,
    HotSpotResult,
    Progress,
    emerging_hot_spots,
    gi_star,
)
from pcmt.maps.periods import period_containing

COLUMNS = ("point_id", "lat", "lon", "date")
OUTPUT_COLUMNS = ("cell", "count", "z", "p", "bin", "pattern")
STEPS = ("quarter", "month")
# More steps than this (20 years of months): no emerging analysis, the dates are likely wrong.
MAX_STEPS = 240


@dataclass(frozen=True)
class Point:
    point_id: str
    lat: float
    lon: float
    day: datetime.date


@dataclass
class HexResult:
    rows: list[dict[str, object]] = field(default_factory=list)
    reason: str = ""  # why Gi* did not run (empty when it ran)
    pattern_reason: str = ""  # why no emerging pattern was named
    steps: int = 0
    resolution: int = 8


def points_read(source: IO[str]) -> list[Point]:
    """The points of a CSV with columns point_id, lat, lon, date (ISO); a bad row is refused
    with its line number."""
    reader = csv.DictReader(source)
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise DomainError(
            "hotspot_columns",
            _("The input file lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)},
        )
    points = []
    for line, row in enumerate(reader, start=2):
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
            day = datetime.date.fromisoformat((row["date"] or "").strip())
        except (TypeError, ValueError) as exc:
            raise DomainError(
                "hotspot_row",
                _("Line %(line)d: lat and lon must be numbers and date an ISO date (yyyy-mm-dd).")
                % {"line": line},
            ) from exc
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise DomainError(
                "hotspot_row",
                _("Line %(line)d: the coordinates are out of range.") % {"line": line},
            )
        points.append(Point(str(row["point_id"]), lat, lon, day))
    return points


def _step_starts(first: datetime.date, last: datetime.date, step: str) -> list[datetime.date]:
    starts = []
    period = period_containing(step, first)
    while period.start <= last:
        starts.append(period.start)
        if period.end == datetime.date.max:
            break
        period = period_containing(step, period.end + datetime.timedelta(days=1))
    return starts


RESOLUTION = 8  # about 0.74 km² a cell: the resolution when the points are too few to measure
# The resolutions the spacing may choose: from hexagons of about 36 km² to about 0.015 km².
RESOLUTIONS = range(6, 11)
# The spacing is measured on at most this many points (evenly taken), all pairs compared.
SPACING_SAMPLE = 2000
_METRES_PER_DEGREE = 111_320.0


def spacing_m(points: list[Point]) -> float | None:
    """The median distance, in metres, from a point to its nearest distinct neighbour; None
    with fewer than MIN_UNITS points or when all points coincide."""
    import numpy as np

    if len(points) < MIN_UNITS:
        return None
    sample = points[:: max(1, len(points) // SPACING_SAMPLE)][:SPACING_SAMPLE]
    lat0 = math.radians(sum(p.lat for p in sample) / len(sample))
    xy = np.array(
        [(p.lon * _METRES_PER_DEGREE * math.cos(lat0), p.lat * _METRES_PER_DEGREE) for p in sample]
    )
    nearest = []
    for row in range(0, len(xy), 500):  # 500 × 2,000 distances at a time: bounded memory
        block = xy[row : row + 500]
        distances = np.hypot(block[:, None, 0] - xy[None, :, 0], block[:, None, 1] - xy[None, :, 1])
        distances[distances == 0] = np.inf  # the point itself and points at the same place
        nearest.append(distances.min(axis=1))
    found = np.concatenate(nearest)
    found = found[np.isfinite(found)]
    return float(np.median(found)) if len(found) else None


def resolution_for(points: list[Point]) -> int:
    """The H3 resolution for these points: the finest whose hexagons' edge is at least the
    median distance between neighbouring points (so that a point's nearest neighbour lies in
    its cell or the next), within RESOLUTIONS; RESOLUTION when the spacing cannot be measured."""
    import h3

    spacing = spacing_m(points)
    if spacing is None:
        return RESOLUTION
    for resolution in reversed(RESOLUTIONS):
        if h3.average_hexagon_edge_length(resolution, "m") >= spacing:
            return resolution
    return RESOLUTIONS[0]


def cell_area_km2(resolution: int) -> float:
    import h3

    return float(h3.average_hexagon_area(resolution, "km^2"))


@dataclass
class HexCells:
    """The cells of located points at one resolution and their Gi* (`found`)."""

    resolution: int
    located: list[tuple[str, Point]]
    counts: Counter[str]
    ordered: list[str]  # the cells holding a point and their neighbours
    ids: dict[str, int]
    neighbours: dict[int, list[int]]
    totals: dict[int, float]
    found: HotSpotResult
    reason: str = ""  # why Gi* did not run (empty when it ran)


def hex_gi(
    points: Iterable[Point],
    *,
    resolution: int | None = None,
    permutations: int = PERMUTATIONS,
    seed: int = SEED,
    min_units: int = MIN_UNITS,
    progress: Progress | None = None,
) -> HexCells:
    """Gi* of the point counts per cell (z, p, bin after FDR): the cells holding a point and
    their six neighbours (count 0 when empty); fewer than `min_units` cells or no variance:
    nothing runs and `reason` says why, speaking of hexagons. Without `resolution`, it is
    chosen from the points' spacing (`resolution_for`)."""
    import h3

    points = list(points)
    if resolution is None:
        resolution = resolution_for(points)
    located = [(h3.latlng_to_cell(p.lat, p.lon, resolution), p) for p in points]
    counts = Counter(cell for cell, _p in located)
    cells = set(counts)
    for cell in list(counts):
        cells.update(h3.grid_disk(cell, 1))
    ordered = sorted(cells)
    ids = {cell: i for i, cell in enumerate(ordered)}
    neighbours = {
        ids[cell]: [ids[n] for n in h3.grid_disk(cell, 1) if n in ids and n != cell]
        for cell in ordered
    }
    totals = {ids[cell]: float(counts.get(cell, 0)) for cell in ordered}
    found = gi_star(
        totals,
        neighbours,
        permutations=permutations,
        seed=seed,
        min_units=min_units,
        progress=progress,
    )
    reason = ""
    if not found.ran:
        # gi_star speaks of communes; here the units are hexagons.
        reason = (
            _("Hot-spot analysis needs at least %(min)d hexagons; there are %(n)d.")
            % {"min": min_units, "n": len(ordered)}
            if len(ordered) < min_units
            else _("All hexagons hold the same count: there is nothing to compare.")
        )
    return HexCells(resolution, located, counts, ordered, ids, neighbours, totals, found, reason)


def hex_analysis(
    points: Iterable[Point],
    *,
    resolution: int | None = None,
    step: str = "quarter",
    permutations: int = PERMUTATIONS,
    alpha: float = TREND_ALPHA,
    seed: int = SEED,
    min_units: int = MIN_UNITS,
) -> HexResult:
    """Gi* of the point counts per cell over the whole time span (z, p, bin after FDR) and
    each cell's emerging pattern over the time steps (empty with fewer than four steps).
    Without `resolution`, it is chosen from the points' spacing."""
    points = list(points)
    result = HexResult()
    if not points:
        result.reason = _("The input file holds no point.")
        return result
    hexes = hex_gi(
        points, resolution=resolution, permutations=permutations, seed=seed, min_units=min_units
    )
    located, counts, ordered, ids = hexes.located, hexes.counts, hexes.ordered, hexes.ids
    neighbours, totals, found = hexes.neighbours, hexes.totals, hexes.found
    result.reason = hexes.reason
    result.resolution = hexes.resolution

    starts = _step_starts(min(p.day for p in points), max(p.day for p in points), step)
    result.steps = len(starts)
    patterns: dict[int, str] = {}
    if len(starts) < MIN_STEPS:
        result.pattern_reason = _(
            "Emerging hot-spot analysis needs at least %(min)d time steps; there are %(n)d."
        ) % {"min": MIN_STEPS, "n": len(starts)}
    elif len(starts) > MAX_STEPS:
        result.pattern_reason = _(
            "The points span %(n)d time steps; the emerging analysis takes at most %(max)d."
        ) % {"n": len(starts), "max": MAX_STEPS}
    elif found.ran:
        per_step: list[Counter[int]] = [Counter() for _s in starts]
        for cell, point in located:
            index = starts.index(period_containing(step, point.day).start)
            per_step[index][ids[cell]] += 1
        steps = [{i: float(c.get(i, 0)) for i in totals} for c in per_step]
        emerging = emerging_hot_spots(
            steps,
            neighbours,
            permutations=permutations,
            seed=seed,
            alpha=alpha,
            min_units=min_units,
        )
        result.pattern_reason = emerging.reason
        patterns = {i: trend.pattern for i, trend in emerging.units.items()}

    for cell in ordered:
        unit = found.units.get(ids[cell])
        result.rows.append(
            {
                "cell": cell,
                "count": counts.get(cell, 0),
                "z": "" if unit is None else unit.z,
                "p": "" if unit is None else unit.p,
                "bin": "" if unit is None else unit.bin,
                "pattern": patterns.get(ids[cell], ""),
            }
        )
    return result


def rows_write(target: IO[str], rows: Iterable[dict[str, object]]) -> None:
    """The cells as CSV, through the project's one writer."""
    write_csv(target, list(OUTPUT_COLUMNS), ([row[c] for c in OUTPUT_COLUMNS] for row in rows))


def cell_polygon(cell: str) -> dict[str, object]:
    """The cell's boundary as a GeoJSON polygon (longitude first, ring closed)."""
    import h3

    ring = [[round(lng, 6), round(lat, 6)] for lat, lng in h3.cell_to_boundary(cell)]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}
