"""A small Hanoi: three communes (two wards, one rural commune) and one legacy conversion."""

import datetime
from typing import Any

import pytest
from django.test import override_settings

from pcmt.core.text import fold
from pcmt.demo.generator import CommuneRef, LegacyPlace
from pcmt.geo.models import (
    AdminUnit,
    DivisionType,
    LegacyConversion,
    LegacyLevel,
    LegacyUnit,
    UnitLevel,
)

TODAY = datetime.date(2026, 3, 1)


@pytest.fixture(autouse=True)
def _fast_password_hashing() -> Any:
    # The demo resets six passwords per run; the default hasher would dominate the test time.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


def _unit(code: str, name: str, kind: str, parent: AdminUnit | None = None) -> AdminUnit:
    return AdminUnit.objects.create(
        code=code,
        level=UnitLevel.COMMUNE if parent else UnitLevel.PROVINCE,
        division_type=kind,
        name=name,
        name_folded=fold(name),
        parent=parent,
        province_code=parent.code if parent else code,
    )


def _legacy(code: str, level: str, kind: str, name: str, parent: LegacyUnit | None) -> LegacyUnit:
    return LegacyUnit.objects.create(
        code=code,
        level=level,
        division_type=kind,
        name=name,
        name_folded=fold(name),
        parent=parent,
        province_code="01",
    )


@pytest.fixture
def hanoi(db: Any) -> AdminUnit:
    """Hà Nội with Ba Đình, Ngọc Hà (wards) and Sóc Sơn (commune); Phúc Xá went into Ba Đình."""
    province = _unit("01", "Hà Nội", DivisionType.MUNICIPALITY)
    ba_dinh = _unit("00004", "Ba Đình", DivisionType.WARD, province)
    _unit("00008", "Ngọc Hà", DivisionType.WARD, province)
    _unit("08980", "Sóc Sơn", DivisionType.COMMUNE, province)
    old_province = _legacy("01", LegacyLevel.PROVINCE, "Thành phố", "Hà Nội", None)
    old_district = _legacy("001", LegacyLevel.DISTRICT, "Quận", "Ba Đình", old_province)
    phuc_xa = _legacy("00001", LegacyLevel.COMMUNE, "Phường", "Phúc Xá", old_district)
    LegacyConversion.objects.create(legacy_unit=phuc_xa, unit=ba_dinh)
    return province


@pytest.fixture(scope="session")
def communes() -> list[CommuneRef]:
    """Communes for the generator alone, no database."""
    return [
        CommuneRef(
            id=1,
            code="00004",
            name="Phường Ba Đình",
            province_code="01",
            province_name="Thành phố Hà Nội",
            kind="ward",
            legacy=(LegacyPlace("Phường Phúc Xá", "Quận Ba Đình", "Thành phố Hà Nội", "01"),),
            villages=("Tổ dân phố 1", "Tổ dân phố 2"),
        ),
        CommuneRef(
            id=2,
            code="00008",
            name="Phường Ngọc Hà",
            province_code="01",
            province_name="Thành phố Hà Nội",
            kind="ward",
        ),
        CommuneRef(
            id=3,
            code="08980",
            name="Xã Sóc Sơn",
            province_code="01",
            province_name="Thành phố Hà Nội",
            kind="commune",
            villages=("Thôn Đông", "Thôn Đoài"),
        ),
    ]
