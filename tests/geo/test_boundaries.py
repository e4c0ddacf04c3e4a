"""Boundaries: the shipped files, `load_boundaries`, neighbours and units without an outline."""

import gzip
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from pcmt.geo.boundaries import DATA_DIR, boundaries_geojson, boundaries_load, unit_neighbours
from pcmt.geo.models import AdminUnit, UnitBoundary, UnitNeighbour
from tests.conftest import make_unit


def square(lng: float, lat: float, size: float) -> dict[str, Any]:
    ring = [[lng, lat], [lng + size, lat], [lng + size, lat + size], [lng, lat + size], [lng, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def write_province(directory: Path, code: str, features: dict[str, dict[str, Any]]) -> None:
    (directory / "communes").mkdir(parents=True, exist_ok=True)
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": c, "properties": {"code": c}, "geometry": g}
            for c, g in features.items()
        ],
    }
    raw = json.dumps(collection).encode()
    (directory / "communes" / f"{code}.geojson.gz").write_bytes(gzip.compress(raw))


@pytest.fixture
def three_communes(db: Any) -> tuple[AdminUnit, AdminUnit, AdminUnit]:
    province = make_unit("01", "Hà Nội")
    return (
        make_unit("00004", "Ba Đình", province),
        make_unit("00008", "Ngọc Hà", province),
        make_unit("00082", "Cửa Nam", province),
    )


def test_the_shipped_files_cover_every_province_and_stay_small() -> None:
    files = sorted((DATA_DIR / "communes").glob("*.geojson.gz"))
    assert len(files) == 34
    total = (
        sum(f.stat().st_size for f in files) + (DATA_DIR / "provinces.geojson.gz").stat().st_size
    )
    assert total < 5_000_000
    assert (DATA_DIR / "LICENSE").read_text().count("MIT License") == 1


def test_it_loads_outlines_with_box_and_area(
    three_communes: tuple[AdminUnit, ...], tmp_path: Path
) -> None:
    a, _b, _c = three_communes
    write_province(
        tmp_path,
        "01",
        {"00004": square(105.80, 21.00, 0.01), "00008": square(105.81, 21.00, 0.01)},
    )

    report = boundaries_load(provinces=["01"], directory=tmp_path)

    assert (report.provinces, report.communes) == (0, 2)
    boundary = UnitBoundary.objects.get(unit=a)
    assert (boundary.min_lng, boundary.min_lat) == pytest.approx((105.80, 21.00))
    assert (boundary.max_lng, boundary.max_lat) == pytest.approx((105.81, 21.01))
    assert boundary.area_km2 == pytest.approx(1.154, rel=0.01)
    assert json.loads(boundary.geometry)["type"] == "Polygon"
    assert json.loads(boundary.geometry_overview)["type"] == "Polygon"
    assert report.units_without_boundary == ["00082 Cửa Nam", "01 Hà Nội"]


def test_communes_sharing_a_border_are_neighbours_both_ways(
    three_communes: tuple[AdminUnit, ...], tmp_path: Path
) -> None:
    a, b, c = three_communes
    write_province(
        tmp_path,
        "01",
        {
            "00004": square(105.80, 21.00, 0.01),
            "00008": square(105.81, 21.00, 0.01),
            # Touches a's top-right corner only: still a neighbour (queen contiguity).
            "00082": square(105.81, 21.01, 0.01),
        },
    )

    report = boundaries_load(provinces=["01"], directory=tmp_path)

    assert report.neighbour_pairs == 3
    link = UnitNeighbour.objects.get(unit=a, neighbour=b)
    # 1.11 km, plus up to the tolerance (about 50 m) at each end.
    assert link.shared_border_km == pytest.approx(1.16, abs=0.07)
    assert UnitNeighbour.objects.get(unit=b, neighbour=a).shared_border_km == link.shared_border_km
    assert UnitNeighbour.objects.get(unit=a, neighbour=c).shared_border_km < 0.2


def test_far_apart_communes_are_not_neighbours(
    three_communes: tuple[AdminUnit, ...], tmp_path: Path
) -> None:
    a, _b, _c = three_communes
    write_province(
        tmp_path,
        "01",
        {"00004": square(105.80, 21.00, 0.01), "00008": square(105.82, 21.00, 0.01)},
    )

    boundaries_load(provinces=["01"], directory=tmp_path)

    assert not UnitNeighbour.objects.filter(unit=a).exists()


def test_a_second_load_replaces_rather_than_duplicates(
    three_communes: tuple[AdminUnit, ...], tmp_path: Path
) -> None:
    write_province(
        tmp_path,
        "01",
        {"00004": square(105.80, 21.00, 0.01), "00008": square(105.81, 21.00, 0.01)},
    )
    boundaries_load(provinces=["01"], directory=tmp_path)

    boundaries_load(provinces=["01"], directory=tmp_path)

    assert UnitBoundary.objects.count() == 2
    assert UnitNeighbour.objects.count() == 2


def test_it_reports_unusable_geometry_and_unknown_codes_without_failing(
    three_communes: tuple[AdminUnit, ...], tmp_path: Path
) -> None:
    write_province(
        tmp_path,
        "01",
        {
            "00004": {"type": "Point", "coordinates": [105.8, 21.0]},
            "99999": square(105.80, 21.00, 0.01),
            # A bow tie: invalid as drawn, repaired into two triangles.
            "00008": {
                "type": "Polygon",
                "coordinates": [
                    [[105.8, 21.0], [105.81, 21.01], [105.81, 21.0], [105.8, 21.01], [105.8, 21.0]]
                ],
            },
        },
    )

    report = boundaries_load(provinces=["01"], directory=tmp_path)

    assert report.unusable == ["00004"]
    assert report.unknown_codes == ["99999"]
    assert json.loads(UnitBoundary.objects.get(unit__code="00008").geometry)["type"] == (
        "MultiPolygon"
    )


def test_missing_files_leave_every_unit_reported(
    three_communes: tuple[AdminUnit, ...], tmp_path: Path
) -> None:
    report = boundaries_load(provinces=["01"], directory=tmp_path / "absent")

    assert report.communes == 0
    assert len(report.units_without_boundary) == 4


def test_the_command_loads_the_shipped_outlines_and_lists_what_is_missing(
    three_communes: tuple[AdminUnit, ...],
) -> None:
    out = io.StringIO()

    call_command("load_boundaries", "--province", "01", stdout=out)

    text = out.getvalue()
    assert "Boundaries: 1 provinces, 3 communes" in text
    # The files hold Hà Nội's 126 communes; only three are loaded as units here.
    assert "Codes in the files that match no unit in force (123)" in text
    a, b, _c = three_communes
    assert UnitNeighbour.objects.filter(unit=a, neighbour=b).exists()


def test_the_command_says_when_no_unit_is_loaded(db: Any) -> None:
    out = io.StringIO()

    call_command("load_boundaries", "--province", "01", stdout=out)

    assert "run load_units first" in out.getvalue()


def test_neighbours_and_the_feature_collection_read_back(
    three_communes: tuple[AdminUnit, ...], tmp_path: Path
) -> None:
    a, b, c = three_communes
    write_province(
        tmp_path,
        "01",
        {"00004": square(105.80, 21.00, 0.01), "00008": square(105.81, 21.00, 0.01)},
    )
    boundaries_load(provinces=["01"], directory=tmp_path)

    collection = json.loads(
        boundaries_geojson([a, b, c], overview=True, properties={a.pk: {"persons": 3}})
    )

    assert list(unit_neighbours(a)) == [b]
    assert [f["id"] for f in collection["features"]] == ["00004", "00008"]
    assert collection["features"][0]["properties"] == {
        "code": "00004",
        "name": "Ba Đình",
        "level": "commune",
        "persons": 3,
    }
    assert collection["features"][1]["geometry"]["type"] == "Polygon"


def test_a_commune_coded_differently_in_the_files_is_matched_by_its_unique_name(
    three_communes: tuple[AdminUnit, ...], tmp_path: Path
) -> None:
    _a, _b, c = three_communes
    (tmp_path / "communes").mkdir()
    feature = {
        "type": "Feature",
        "id": "99998",
        "properties": {"code": "99998", "name": "Cửa Nam", "province_code": "01"},
        "geometry": square(105.84, 21.02, 0.01),
    }
    raw = json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()
    (tmp_path / "communes" / "01.geojson.gz").write_bytes(gzip.compress(raw))

    report = boundaries_load(provinces=["01"], directory=tmp_path)

    assert report.matched_by_name == ["99998→00082 Cửa Nam"]
    assert report.unknown_codes == []
    assert UnitBoundary.objects.filter(unit=c).exists()
