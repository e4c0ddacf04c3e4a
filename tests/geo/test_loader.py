"""The loader: 2025 units, legacy units and the old→new conversion from the packages."""

import datetime
import io
import json
import math
from pathlib import Path

import pytest
from django.core.management import call_command

from pcmt.geo.loader import LoadReport, polygon_centroid_area, units_load
from pcmt.geo.models import (
    AdminUnit,
    DivisionType,
    LegacyConversion,
    LegacyLevel,
    LegacyUnit,
    UnitLevel,
)
from tests.geo.conftest import PROVINCES


def test_it_loads_the_provinces_and_communes_of_the_chosen_provinces(
    loaded: LoadReport,
) -> None:
    assert (loaded.provinces, loaded.communes) == (2, 294)
    assert set(AdminUnit.objects.provinces().values_list("code", flat=True)) == {"01", "79"}
    assert AdminUnit.objects.communes().filter(province_code="01").count() == 126
    assert AdminUnit.objects.communes().filter(province_code="79").count() == 168


def test_it_stores_the_official_code_type_and_name_without_the_type(loaded: LoadReport) -> None:
    ward = AdminUnit.objects.select_related("parent").get(code="00082")
    assert (ward.level, ward.division_type) == (UnitLevel.COMMUNE, DivisionType.WARD)
    assert (ward.name, ward.name_folded) == ("Cửa Nam", "cua nam")
    assert (ward.parent.code, ward.province_code) == ("01", "01")
    assert ward.valid_from == datetime.date(2025, 7, 1)
    assert ward.valid_to is None
    assert AdminUnit.objects.get(code="01").division_type == DivisionType.MUNICIPALITY
    assert AdminUnit.objects.get(code="26732").division_type == DivisionType.SPECIAL_ZONE


def test_every_loaded_commune_has_a_centroid_and_an_area(loaded: LoadReport) -> None:
    ward = AdminUnit.objects.get(code="00082")
    assert ward.centroid_lat == pytest.approx(21.02, abs=0.05)
    assert ward.centroid_lng == pytest.approx(105.85, abs=0.05)
    assert ward.area_km2 == pytest.approx(1.7, abs=0.5)
    assert loaded.communes_without_centroid == loaded.communes_without_area == 0
    assert not AdminUnit.objects.communes().filter(centroid_lat__isnull=True).exists()
    hanoi = AdminUnit.objects.get(code="01")
    assert hanoi.centroid_lat == pytest.approx(21.0, abs=0.3)


def test_it_loads_the_legacy_units_that_convert_into_the_chosen_provinces(
    loaded: LoadReport,
) -> None:
    # Hồ Chí Minh City took in Bình Dương (74) and Bà Rịa - Vũng Tàu (77).
    old_provinces = LegacyUnit.objects.filter(level=LegacyLevel.PROVINCE)
    assert set(old_provinces.values_list("code", flat=True)) == {"01", "74", "77", "79"}
    commune = LegacyUnit.objects.select_related("parent__parent").get(
        level=LegacyLevel.COMMUNE, code="00001"
    )
    assert (commune.division_type, commune.name, commune.name_folded) == (
        "Phường",
        "Phúc Xá",
        "phuc xa",
    )
    assert (commune.parent.level, commune.parent.code, str(commune.parent)) == (
        LegacyLevel.DISTRICT,
        "001",
        "Quận Ba Đình",
    )
    assert commune.parent.parent.code == commune.province_code == "01"
    assert loaded.legacy_provinces == 4
    assert loaded.legacy_communes == LegacyUnit.objects.filter(level=LegacyLevel.COMMUNE).count()


def test_it_converts_an_old_commune_to_the_commune_that_replaced_it(loaded: LoadReport) -> None:
    conversions = LegacyConversion.objects.filter(legacy_unit__code="00001").select_related("unit")
    assert [(c.unit.code, c.unit.name, c.is_partial) for c in conversions] == [
        ("00097", "Hồng Hà", False)
    ]


def test_it_flags_an_old_commune_split_over_several_communes_as_partial(
    loaded: LoadReport,
) -> None:
    # Phường Điện Biên (Ba Đình) went to four wards in 2025.
    conversions = LegacyConversion.objects.filter(
        legacy_unit__level=LegacyLevel.COMMUNE, legacy_unit__code="00019"
    )
    assert sorted(conversions.values_list("unit__code", flat=True)) == [
        "00004",
        "00070",
        "00190",
        "00226",
    ]
    assert all(conversions.values_list("is_partial", flat=True))
    assert loaded.partial_conversions == LegacyConversion.objects.filter(is_partial=True).count()


def test_a_second_load_changes_nothing(loaded: LoadReport) -> None:
    again = units_load(provinces=PROVINCES)

    assert (again.created, again.updated, again.deleted) == (0, 0, 0)
    assert (again.communes, again.legacy_communes, again.conversions) == (
        loaded.communes,
        loaded.legacy_communes,
        loaded.conversions,
    )
    assert AdminUnit.objects.count() == loaded.provinces + loaded.communes


def test_a_reload_repairs_units_in_place(loaded: LoadReport) -> None:
    ward = AdminUnit.objects.get(code="00082")
    AdminUnit.objects.filter(pk=ward.pk).update(name="Wrong", name_folded="wrong")
    LegacyConversion.objects.filter(legacy_unit__code="00001").update(is_partial=True)

    report = units_load(provinces=PROVINCES)

    assert (report.created, report.updated) == (0, 2)
    repaired = AdminUnit.objects.get(code="00082")
    assert (repaired.pk, repaired.name, repaired.name_folded) == (ward.pk, "Cửa Nam", "cua nam")
    assert not LegacyConversion.objects.get(legacy_unit__code="00001").is_partial


def test_it_rejects_an_unknown_province_code(loaded: LoadReport) -> None:
    with pytest.raises(ValueError, match="99"):
        units_load(provinces=["99"])


def test_the_command_prints_the_counts(loaded: LoadReport) -> None:
    out = io.StringIO()

    call_command("load_units", "--province", "01", stdout=out)

    assert "1 provinces, 126 communes" in out.getvalue()
    assert "Rows created 0, updated 0, deleted 0" in out.getvalue()


def _square(lng: float, lat: float, side: float) -> list[list[list[float]]]:
    ring = [[lng, lat], [lng + side, lat], [lng + side, lat + side], [lng, lat + side]]
    return [[*ring, ring[0]]]


def test_it_computes_the_centroid_and_area_of_polygons_with_holes() -> None:
    outer = _square(106.0, 17.0, 0.1)[0]
    hole = _square(106.04, 17.04, 0.02)[0]

    lat, lng, area = polygon_centroid_area([[outer, hole]])

    side_km = 0.1 * 111.195
    expected = side_km * side_km * math.cos(math.radians(17.05)) * (1 - 0.2 * 0.2)
    assert (lat, lng) == (pytest.approx(17.05, abs=1e-4), pytest.approx(106.05, abs=1e-4))
    assert area == pytest.approx(expected, rel=0.005)


def test_it_fills_missing_geometry_from_the_boundary_files(
    loaded: LoadReport, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The package has no area for Xã Đông Trạch and Xã Thượng Trạch (Quảng Trị).
    communes = tmp_path / "communes"
    communes.mkdir()
    feature = {
        "type": "Feature",
        "id": "19159",
        "properties": {"code": "19159"},
        "geometry": {"type": "Polygon", "coordinates": _square(106.45, 17.6, 0.05)},
    }
    collection = {"type": "FeatureCollection", "features": [feature]}
    (communes / "44.geojson").write_text(json.dumps(collection), encoding="utf-8")
    monkeypatch.setenv("PCMT_GEO_DIR", str(tmp_path))

    report = units_load(provinces=["44"])

    assert AdminUnit.objects.get(code="19159").area_km2 == pytest.approx(29.4, abs=0.5)
    assert AdminUnit.objects.get(code="19147").area_km2 is None
    assert report.communes_without_area == 1


def test_it_leaves_geometry_empty_without_the_boundary_files(
    loaded: LoadReport, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PCMT_GEO_DIR", str(tmp_path / "absent"))

    report = units_load(provinces=["44"])

    assert report.communes_without_area == 2
    assert AdminUnit.objects.get(code="19159").area_km2 is None
    assert AdminUnit.objects.get(code="19159").centroid_lat is not None
