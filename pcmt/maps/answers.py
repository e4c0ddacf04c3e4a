"""The answers of the emerging and hexagon analyses, as the API gives them and a background job
stores them (the hexagons without their outlines, added when read)."""

from typing import Any

from pcmt.maps import selectors
from pcmt.maps.analysis import LEVELS, EmergingResult
from pcmt.maps.hexagons import HexCells, cell_area_km2, cell_polygon
from pcmt.maps.layers import MapAccess, Measure
from pcmt.maps.periods import Period


def period_json(period: Period) -> dict[str, Any]:
    return {
        "kind": period.kind,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "label": period.label,
    }


def _codes(access: MapAccess) -> dict[int, str]:
    return dict(selectors.jurisdiction_communes(access.scope).values_list("pk", "code"))


def emerging_answer(
    access: MapAccess, *, measure: Measure, steps: list[Period], result: EmergingResult
) -> dict[str, Any]:
    codes = _codes(access)
    return {
        "measure": measure.key,
        "steps": [period_json(p) for p in steps],
        "ran": result.ran,
        "reason": result.reason,
        "method": {
            "statistic": "Getis-Ord Gi* per time step",
            "trend": "Mann-Kendall on the z-scores",
            "permutations": result.permutations,
            "alpha": result.alpha,
        },
        "units": {
            codes[pk]: {
                "pattern": unit.pattern,
                "trend_z": unit.trend_z,
                "trend_p": unit.trend_p,
                "z": unit.z,
                "bins": unit.bins,
            }
            for pk, unit in result.units.items()
            if pk in codes
        },
    }


def hexagons_answer(
    *, period: Period, points: str, hexes: HexCells, outlines: bool = True
) -> dict[str, Any]:
    found = hexes.found
    features = []
    if found.ran:
        for cell in hexes.ordered:
            unit = found.units.get(hexes.ids[cell])
            features.append(
                {
                    "type": "Feature",
                    "id": cell,
                    "geometry": cell_polygon(cell) if outlines else None,
                    "properties": {
                        "cell": cell,
                        "count": hexes.counts.get(cell, 0),
                        "z": None if unit is None else unit.z,
                        "p": None if unit is None else unit.p,
                        "bin": None if unit is None else unit.bin,
                    },
                }
            )
    return {
        "period": period_json(period),
        "points": points,
        "located": len(hexes.located),
        "resolution": hexes.resolution,
        "cell_area_km2": round(cell_area_km2(hexes.resolution), 3),
        "cells": len(hexes.ordered),
        "ran": found.ran,
        "background": False,
        "reason": hexes.reason,
        "method": {
            "statistic": "Getis-Ord Gi*",
            "units": f"H3 hexagons, resolution {hexes.resolution} (from the points' spacing)",
            "weights": "the six neighbouring cells, binary",
            "permutations": found.permutations,
            "seed": found.seed,
            "alternative": "two-sided",
            "correction": "false discovery rate (Benjamini-Hochberg)",
            "levels": {str(level): alpha for level, alpha in LEVELS},
            "p_cutoffs": {str(k): v for k, v in found.cutoffs.items()},
        },
        "type": "FeatureCollection",
        "features": features,
    }


def with_outlines(answer: dict[str, Any]) -> dict[str, Any]:
    """A stored hexagon answer with each cell's outline drawn again (H3 computes it)."""
    features = [
        {**f, "geometry": f["geometry"] or cell_polygon(f["properties"]["cell"])}
        for f in answer.get("features", [])
    ]
    return {**answer, "features": features}
