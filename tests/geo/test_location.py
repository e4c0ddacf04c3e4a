"""`location_check`: a place's point against its commune's boundary, and the `Located` checks."""

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import models

from pcmt.core.errors import DomainError
from pcmt.geo.boundaries import boundaries_load
from pcmt.geo.location import LocationStatus, location_check
from pcmt.geo.models import AdminUnit, Located, Village, VillageKind
from tests.conftest import make_unit
from tests.geo.test_boundaries import square, write_province


@pytest.fixture
def outlined(db: Any, tmp_path: Path) -> tuple[AdminUnit, AdminUnit]:
    """Ba Đình and Ngọc Hà as two 0.01° squares side by side."""
    province = make_unit("01", "Hà Nội")
    a = make_unit("00004", "Ba Đình", province)
    b = make_unit("00008", "Ngọc Hà", province)
    write_province(
        tmp_path,
        "01",
        {"00004": square(105.80, 21.00, 0.01), "00008": square(105.81, 21.00, 0.01)},
    )
    boundaries_load(provinces=["01"], directory=tmp_path)
    return a, b


def test_a_point_inside_the_commune_passes(outlined: tuple[AdminUnit, AdminUnit]) -> None:
    a, _b = outlined

    check = location_check(commune=a, latitude=Decimal("21.005"), longitude=Decimal("105.805"))

    assert check.status == LocationStatus.INSIDE
    assert not check.needs_reason


def test_a_point_just_over_the_simplified_border_counts_as_inside(
    outlined: tuple[AdminUnit, AdminUnit],
) -> None:
    a, _b = outlined

    check = location_check(commune=a, latitude=21.005, longitude=105.8103)

    assert check.status == LocationStatus.INSIDE


def test_a_point_in_the_next_commune_is_a_warning_that_names_it(
    outlined: tuple[AdminUnit, AdminUnit],
) -> None:
    a, b = outlined

    check = location_check(commune=a, latitude=21.005, longitude=105.815)

    assert check.status == LocationStatus.OUTSIDE
    assert [w.code for w in check.warnings] == ["location_outside_commune"]
    assert check.found_commune == b
    assert "Ngọc Hà" in str(check.warnings[0].message)


def test_a_reason_overrides_the_warning(outlined: tuple[AdminUnit, AdminUnit]) -> None:
    a, _b = outlined

    check = location_check(
        commune=a, latitude=21.005, longitude=105.815, override_reason="Kiosk on the border"
    )

    assert check.status == LocationStatus.OUTSIDE
    assert check.warnings == []


def test_a_point_in_no_commune_still_warns(outlined: tuple[AdminUnit, AdminUnit]) -> None:
    a, _b = outlined

    check = location_check(commune=a, latitude=20.5, longitude=105.5)

    assert check.found_commune is None
    assert check.warnings[0].code == "location_outside_commune"


def test_a_commune_without_boundary_is_left_unchecked(
    outlined: tuple[AdminUnit, AdminUnit],
) -> None:
    other = make_unit("00082", "Cửa Nam", outlined[0].parent)

    check = location_check(commune=other, latitude=21.0, longitude=105.8)

    assert check.status == LocationStatus.UNCHECKED


def test_no_point_is_left_unchecked(outlined: tuple[AdminUnit, AdminUnit]) -> None:
    check = location_check(commune=outlined[0], latitude=None, longitude=None)

    assert check.status == LocationStatus.UNCHECKED


@pytest.mark.parametrize(
    ("latitude", "longitude", "code"),
    [
        (21.0, None, "location_point_incomplete"),
        (None, 105.8, "location_point_incomplete"),
        (48.85, 2.35, "location_outside_vietnam"),
        (105.8, 21.0, "location_outside_vietnam"),
    ],
)
def test_impossible_points_are_errors_with_stable_codes(
    outlined: tuple[AdminUnit, AdminUnit],
    latitude: float | None,
    longitude: float | None,
    code: str,
) -> None:
    with pytest.raises(DomainError) as caught:
        location_check(commune=outlined[0], latitude=latitude, longitude=longitude)

    assert caught.value.code == code


def test_a_village_of_another_commune_is_an_error(outlined: tuple[AdminUnit, AdminUnit]) -> None:
    a, b = outlined
    village = Village.objects.create(
        commune=b, name="Tổ 1", name_folded="to 1", kind=VillageKind.RESIDENTIAL_GROUP
    )

    with pytest.raises(DomainError) as caught:
        location_check(commune=a, village=village, latitude=None, longitude=None)

    assert (caught.value.code, caught.value.field) == ("location_village_other_commune", "village")


def test_a_province_is_not_a_place_s_commune(outlined: tuple[AdminUnit, AdminUnit]) -> None:
    with pytest.raises(DomainError) as caught:
        location_check(commune=outlined[0].parent, latitude=None, longitude=None)

    assert caught.value.code == "location_not_a_commune"


class _Spot(Located):
    class Meta(Located.Meta):
        app_label = "geo"
        managed = False


def test_located_fields_validate_the_vietnam_box() -> None:
    field = _Spot._meta.get_field("latitude")
    assert isinstance(field, models.DecimalField)

    field.run_validators(Decimal("21.0"))
    with pytest.raises(ValidationError):
        field.run_validators(Decimal("48.85"))
    with pytest.raises(ValidationError):
        _Spot._meta.get_field("longitude").run_validators(Decimal("2.35"))


def test_located_keeps_its_database_checks() -> None:
    names = [c.name for c in _Spot._meta.constraints]

    assert names == ["geo__spot_point_in_vietnam"]
