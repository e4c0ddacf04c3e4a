"""`manage.py hotspot_analysis`: points in a CSV, one row per H3 cell out, no database."""

import csv
import datetime
import random
from pathlib import Path

import h3
import pytest
from django.core.management import CommandError, call_command

CENTRE = (21.03, 105.85)


def write_points(path: Path, points: list[tuple[float, float, datetime.date]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as target:
        writer = csv.writer(target)
        writer.writerow(["point_id", "lat", "lon", "date"])
        for i, (lat, lon, day) in enumerate(points):
            writer.writerow([f"p{i}", lat, lon, day.isoformat()])
    return path


def scattered(rng: random.Random, n: int, quarters: int = 8) -> list:
    start = datetime.date(2024, 1, 1)
    return [
        (
            21.0 + rng.random() * 0.12,
            105.8 + rng.random() * 0.12,
            start + datetime.timedelta(days=rng.randrange(quarters * 91)),
        )
        for _ in range(n)
    ]


def run(tmp_path: Path, points: list, *extra: str) -> tuple[list[dict[str, str]], str]:
    source = write_points(tmp_path / "points.csv", points)
    output = tmp_path / "cells.csv"
    errors = []

    class Err:
        def write(self, text: str) -> None:
            errors.append(text)

        def flush(self) -> None:
            pass

    call_command(
        "hotspot_analysis",
        "--input",
        str(source),
        "--output",
        str(output),
        "--permutations",
        "99",
        *extra,
        stdout=Err(),
        stderr=Err(),
    )
    with output.open(encoding="utf-8") as found:
        return list(csv.DictReader(found)), "".join(errors)


def test_it_finds_a_planted_cluster(tmp_path):
    rng = random.Random(3)
    points = scattered(rng, 250)
    for i in range(200):
        day = datetime.date(2024, 1, 1) + datetime.timedelta(days=i * 728 // 200)
        points.append((CENTRE[0] + rng.gauss(0, 0.004), CENTRE[1] + rng.gauss(0, 0.004), day))
    rows, _messages = run(tmp_path, points, "--resolution", "8")
    assert list(rows[0]) == ["cell", "count", "z", "p", "bin", "pattern"]
    by_cell = {row["cell"]: row for row in rows}
    centre = by_cell[h3.latlng_to_cell(*CENTRE, 8)]
    assert centre["bin"] == "3"
    assert centre["pattern"].endswith("_hot_spot")
    hot = [row for row in rows if row["bin"] in ("2", "3")]
    assert all(h3.grid_distance(row["cell"], centre["cell"]) <= 2 for row in hot)
    # Every cell that holds a point is there, and its neighbours (count 0).
    assert sum(int(row["count"]) for row in rows) == len(points)
    assert any(row["count"] == "0" for row in rows)


def test_pure_noise_gives_next_to_nothing_after_fdr(tmp_path):
    rows, _messages = run(tmp_path, scattered(random.Random(11), 300))
    significant = [row for row in rows if row["bin"] not in ("0", "")]
    assert len(rows) > 200
    assert len(significant) <= len(rows) * 0.01


def test_fewer_than_30_cells_says_so_and_writes_counts_only(tmp_path):
    day = datetime.date(2025, 1, 5)
    rows, messages = run(tmp_path, [(21.0, 105.8, day), (21.5, 106.3, day)])
    assert len(rows) == 14  # two cells and their six neighbours each
    assert "30" in messages
    assert {row["z"] for row in rows} == {""} and {row["pattern"] for row in rows} == {""}


def test_fewer_than_four_time_steps_leaves_the_pattern_empty(tmp_path):
    points = scattered(random.Random(5), 200, quarters=3)
    rows, messages = run(tmp_path, points, "--step", "quarter")
    assert {row["pattern"] for row in rows} == {""}
    assert rows[0]["z"] != ""
    assert "4" in messages


def test_bad_input_is_refused_with_its_line(tmp_path):
    source = tmp_path / "bad.csv"
    source.write_text("point_id,lat,lon,date\np1,21.0,105.8,05/01/2025\n", encoding="utf-8")
    with pytest.raises(CommandError, match="2"):
        call_command("hotspot_analysis", "--input", str(source), "--output", str(tmp_path / "o"))
    source.write_text("id,lat\n", encoding="utf-8")
    with pytest.raises(CommandError, match="point_id"):
        call_command("hotspot_analysis", "--input", str(source), "--output", str(tmp_path / "o"))


def grid(spacing_m: float, n: int = 10) -> list:
    """n × n points on a square grid `spacing_m` apart (near Hà Nội)."""
    import math

    step_lat = spacing_m / 111_320
    step_lon = spacing_m / (111_320 * math.cos(math.radians(21.0)))
    day = datetime.date(2024, 1, 1)
    return [(21.0 + i * step_lat, 105.8 + j * step_lon, day) for i in range(n) for j in range(n)]


@pytest.mark.parametrize(
    ("spacing", "expected"),
    [(100, 9), (300, 8), (1000, 7), (2000, 6), (60, 10), (20_000, 6)],
)
def test_the_resolution_follows_the_points_spacing(spacing, expected):
    from pcmt.maps.hexagons import Point, resolution_for, spacing_m

    points = [Point(str(i), lat, lon, day) for i, (lat, lon, day) in enumerate(grid(spacing))]
    assert spacing_m(points) == pytest.approx(spacing, rel=0.01)
    assert resolution_for(points) == expected
    # the chosen hexagons' edge holds the spacing; the next finer one would not
    assert h3.average_hexagon_edge_length(expected, "m") >= spacing or expected == 6
    if expected < 10:
        assert h3.average_hexagon_edge_length(expected + 1, "m") < spacing


def test_too_few_or_coincident_points_keep_the_default_resolution():
    from pcmt.maps.hexagons import RESOLUTION, Point, resolution_for

    day = datetime.date(2024, 1, 1)
    few = [Point(str(i), 21.0 + i / 1000, 105.8, day) for i in range(29)]
    same = [Point(str(i), 21.0, 105.8, day) for i in range(100)]
    assert resolution_for(few) == RESOLUTION
    assert resolution_for(same) == RESOLUTION


def test_the_command_uses_the_spacing_and_names_the_resolution(tmp_path):
    rows, said = run(tmp_path, grid(100, 12))
    assert {h3.get_resolution(row["cell"]) for row in rows} == {9}
    assert "9," in said
    rows, _errors = run(tmp_path, grid(100, 12), "--resolution", "7")
    assert {h3.get_resolution(row["cell"]) for row in rows} == {7}
