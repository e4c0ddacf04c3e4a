"""Kernel density of points on a regular grid (pure: no database), drawn by the map's own
script as grid cells — no image, no tile server.

The points are counted into grid cells on a local flat projection (metres east and north of
the box's south-west corner) and smoothed with a Gaussian kernel of the given bandwidth
(binned kernel density estimation): a density per km² at each cell centre.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

CELL_M = 500
BANDWIDTH_M = 1000
MAX_CELLS = 40_000
# Cells below this share of the highest density are not returned (empty-looking ground).
FLOOR = 0.05
LEVELS = 5
METRES_PER_DEGREE_LAT = 110_574.0
METRES_PER_DEGREE_LNG_AT_EQUATOR = 111_320.0


@dataclass
class DensityGrid:
    cell_m: float
    bandwidth_m: float
    points: int
    maximum: float = 0.0  # per km²
    cells: list[dict[str, Any]] = field(default_factory=list)  # GeoJSON features


def kernel_density(
    points: Sequence[tuple[float, float]],
    box: tuple[float, float, float, float],
    *,
    cell_m: float = CELL_M,
    bandwidth_m: float = BANDWIDTH_M,
    max_cells: int = MAX_CELLS,
) -> DensityGrid:
    """Density per km² of `points` (lat, lng) over `box` (south, west, north, east).

    The cell grows when the box would need more than `max_cells` cells. Each returned cell
    is a GeoJSON polygon with its `density` and `level` (1 to 5, equal fifths of the
    highest density)."""
    import numpy as np
    from scipy.ndimage import gaussian_filter

    south, west, north, east = box
    mid = math.radians((south + north) / 2)
    per_lng = METRES_PER_DEGREE_LNG_AT_EQUATOR * math.cos(mid)
    width = max((east - west) * per_lng, 1.0)
    height = max((north - south) * METRES_PER_DEGREE_LAT, 1.0)
    while math.ceil(width / cell_m) * math.ceil(height / cell_m) > max_cells:
        cell_m *= 1.5
    nx, ny = math.ceil(width / cell_m), math.ceil(height / cell_m)
    grid = DensityGrid(cell_m=round(cell_m), bandwidth_m=bandwidth_m, points=len(points))
    counts = np.zeros((ny, nx))
    for lat, lng in points:
        col = int((lng - west) * per_lng // cell_m)
        row = int((lat - south) * METRES_PER_DEGREE_LAT // cell_m)
        if 0 <= col < nx and 0 <= row < ny:
            counts[row, col] += 1
    if not counts.any():
        return grid
    smooth = gaussian_filter(counts, sigma=bandwidth_m / cell_m, mode="constant", truncate=3.0)
    density = smooth / (cell_m * cell_m / 1_000_000)  # per km²
    top = float(density.max())
    grid.maximum = round(top, 3)
    step_lat, step_lng = cell_m / METRES_PER_DEGREE_LAT, cell_m / per_lng
    for row, col in zip(*np.nonzero(density >= top * FLOOR), strict=True):
        value = float(density[row, col])
        s, w = south + row * step_lat, west + col * step_lng
        n, e = s + step_lat, w + step_lng
        ring = [[round(x, 5), round(y, 5)] for x, y in ((w, s), (e, s), (e, n), (w, n), (w, s))]
        grid.cells.append(
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [ring]},
                "properties": {
                    "density": round(value, 3),
                    "level": min(LEVELS, 1 + int(value / top * LEVELS)),
                },
            }
        )
    return grid
