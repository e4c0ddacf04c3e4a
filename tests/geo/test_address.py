"""Address resolution: free text, new or pre-2025 units, into a 2025 commune."""

import datetime

import pytest
from django.utils import translation

from pcmt.core.text import fold
from pcmt.geo.address import ReasonCode, address_resolve
from pcmt.geo.loader import LoadReport
from pcmt.geo.models import AdminUnit, DivisionType, UnitLevel

# Person registration trusts a resolved commune from this confidence on.
TRUSTED = 0.8


def codes(units: list[AdminUnit]) -> list[str]:
    return [unit.code for unit in units]


def test_it_resolves_a_new_address_with_diacritics(loaded: LoadReport) -> None:
    result = address_resolve("Số 12 ngõ 34, Phường Cửa Nam, Thành phố Hà Nội")

    assert result.reason_code == ReasonCode.EXACT_NEW
    assert result.commune is not None and result.commune.code == "00082"
    assert result.province is not None and result.province.code == "01"
    assert result.confidence == 1.0
    assert result.candidates == [] and result.legacy_unit is None


@pytest.mark.parametrize(
    "text",
    [
        "phuong cua nam, thanh pho ha noi",
        "Cua Nam, Ha Noi",
        "P. Cửa Nam, TP. Hà Nội",
        "P.Cua Nam, HN",
        "p cua nam tp ha noi",
        "Phường Cửa Nam, Hà Nội, Việt Nam",
    ],
)
def test_it_resolves_a_new_address_without_diacritics_or_abbreviated(
    loaded: LoadReport, text: str
) -> None:
    result = address_resolve(text)

    assert result.reason_code == ReasonCode.EXACT_NEW
    assert result.commune is not None and result.commune.code == "00082"
    assert result.confidence >= TRUSTED


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Phường Sài Gòn, Tp HCM", "26740"),
        ("P. Sai Gon, TPHCM", "26740"),
        ("Đặc khu Côn Đảo, Thành phố Hồ Chí Minh", "26732"),
        ("123 Đường Hà Nội, Phường Bình Trưng, TP.HCM", "27097"),
    ],
)
def test_it_resolves_new_addresses_in_ho_chi_minh_city(
    loaded: LoadReport, text: str, code: str
) -> None:
    result = address_resolve(text)

    assert result.reason_code == ReasonCode.EXACT_NEW
    assert result.commune is not None and result.commune.code == code
    assert result.province is not None and result.province.code == "79"


@pytest.mark.parametrize(
    "text",
    [
        "Phường Phúc Xá, Quận Ba Đình, Thành phố Hà Nội",
        "P. Phuc Xa, Q. Ba Dinh, HN",
        "phuc xa, ba dinh, ha noi",
    ],
)
def test_it_resolves_an_old_address_through_the_conversion(loaded: LoadReport, text: str) -> None:
    result = address_resolve(text)

    assert result.reason_code == ReasonCode.LEGACY_CONVERTED
    assert result.commune is not None and result.commune.code == "00097"  # Phường Hồng Hà
    assert result.legacy_unit is not None and result.legacy_unit.code == "00001"
    assert result.confidence >= TRUSTED


@pytest.mark.parametrize(
    "text", ["Phường 2, Quận 5, TP.HCM", "P2 Q5 TPHCM", "F.2, Q.5, Tp Hồ Chí Minh"]
)
def test_it_resolves_a_numbered_old_ward_by_its_district(loaded: LoadReport, text: str) -> None:
    result = address_resolve(text)

    assert result.reason_code == ReasonCode.LEGACY_CONVERTED
    assert result.commune is not None and result.commune.name == "Chợ Quán"
    assert result.legacy_unit is not None
    assert str(result.legacy_unit.parent) == "Quận 5"


def test_it_converts_an_address_in_a_province_that_was_merged(loaded: LoadReport) -> None:
    result = address_resolve("Phường Phú Cường, TP Thủ Dầu Một, Tỉnh Bình Dương")

    assert result.reason_code == ReasonCode.LEGACY_CONVERTED
    assert result.commune is not None and result.commune.name == "Thủ Dầu Một"
    assert result.province is not None and result.province.code == "79"


def test_it_never_guesses_a_split_old_commune(loaded: LoadReport) -> None:
    result = address_resolve("Phường Điện Biên, Quận Ba Đình, Hà Nội")

    assert result.reason_code == ReasonCode.LEGACY_SPLIT_AMBIGUOUS
    assert result.commune is None
    assert codes(result.candidates) == ["00004", "00070", "00190", "00226"]
    assert result.legacy_unit is not None and result.legacy_unit.code == "00019"
    assert result.province is not None and result.province.code == "01"
    assert result.confidence < TRUSTED


def test_an_old_date_reads_the_name_as_the_old_ward(loaded: LoadReport) -> None:
    # Ngọc Hà is a 2025 ward and a pre-2025 ward that was split in two.
    today = address_resolve("Phường Ngọc Hà, Hà Nội")
    before = address_resolve("Phường Ngọc Hà, Hà Nội", on=datetime.date(2024, 5, 1))

    assert today.reason_code == ReasonCode.EXACT_NEW
    assert today.commune is not None and today.commune.code == "00008"
    assert before.reason_code == ReasonCode.LEGACY_SPLIT_AMBIGUOUS
    assert before.commune is None
    assert codes(before.candidates) == ["00004", "00008"]


def test_it_lists_the_communes_when_several_share_the_name(loaded: LoadReport) -> None:
    result = address_resolve("An Khánh")

    assert result.reason_code == ReasonCode.AMBIGUOUS
    assert result.commune is None
    assert codes(result.candidates) == ["09877", "27094"]


def test_the_written_type_or_the_province_hint_settles_a_shared_name(
    loaded: LoadReport,
) -> None:
    typed = address_resolve("Xã An Khánh")
    hinted = address_resolve("An Khánh", province_hint="79")

    assert typed.commune is not None and typed.commune.code == "09877"
    assert hinted.commune is not None and hinted.commune.code == "27094"
    assert hinted.confidence < 1.0


def test_it_lists_the_communes_of_old_wards_sharing_a_number(loaded: LoadReport) -> None:
    result = address_resolve("Phường 3, TP Hồ Chí Minh")

    assert result.reason_code == ReasonCode.AMBIGUOUS
    assert result.commune is None
    assert len(result.candidates) > 1
    assert {unit.province_code for unit in result.candidates} == {"79"}


def test_it_tolerates_a_typo_with_a_lower_confidence(loaded: LoadReport) -> None:
    result = address_resolve("Phuong Cua Namm, Ha Noi")

    assert result.reason_code == ReasonCode.FUZZY
    assert result.commune is not None and result.commune.code == "00082"
    assert 0 < result.confidence < TRUSTED


def test_it_returns_the_province_when_no_commune_is_recognised(loaded: LoadReport) -> None:
    result = address_resolve("Thôn Đông, Hà Nội")

    assert result.reason_code == ReasonCode.PROVINCE_ONLY
    assert result.commune is None
    assert result.province is not None and result.province.code == "01"
    assert result.confidence < TRUSTED


@pytest.mark.parametrize("text", ["asdf qwerty 123", "", "   ", "12/3"])
def test_it_finds_nothing_in_garbage(loaded: LoadReport, text: str) -> None:
    result = address_resolve(text)

    assert result.reason_code == ReasonCode.NOT_FOUND
    assert (result.commune, result.province, result.confidence) == (None, None, 0.0)
    assert result.candidates == []


def test_the_reason_is_a_translatable_message(loaded: LoadReport) -> None:
    result = address_resolve("asdf")

    with translation.override("en"):
        assert str(result.reason) == "No administrative unit was recognised in the address."


def test_it_sees_units_added_after_its_index_was_built(loaded: LoadReport) -> None:
    assert address_resolve("Phường Thử Nghiệm, Hà Nội").commune is None
    AdminUnit.objects.create(
        code="99999",
        level=UnitLevel.COMMUNE,
        division_type=DivisionType.WARD,
        name="Thử Nghiệm",
        name_folded=fold("Thử Nghiệm"),
        parent=AdminUnit.objects.get(code="01"),
        province_code="01",
    )

    result = address_resolve("Phường Thử Nghiệm, Hà Nội")

    assert result.commune is not None and result.commune.code == "99999"


def test_the_api_resolves_an_address_for_a_logged_in_user(loaded, client, alice):
    client.force_login(alice)
    response = client.post(
        "/api/v1/address/resolve/",
        {"text": "P. Ba Dinh, TP Ha Noi"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["commune"]["code"] == "00004"
    assert response.json()["reason_code"] == "exact_new"


def test_the_form_preview_shows_where_an_address_resolves(loaded, client, alice):
    client.force_login(alice)
    response = client.get("/units/resolve/", {"permanent_address": "phuong ba dinh ha noi"})
    assert "Ba Đình" in response.content.decode()


def test_the_api_refuses_an_empty_address_with_a_message(client, alice):
    client.force_login(alice)
    response = client.post(
        "/api/v1/address/resolve/", {"text": ""}, content_type="application/json"
    )
    assert response.status_code == 400


def test_registration_fills_the_permanent_commune_from_a_clear_address(loaded, register):
    person = register(permanent_address="12 Đội Cấn, P. Ba Đình, TP Hà Nội")
    assert person.permanent_commune is not None and person.permanent_commune.code == "00004"


def test_registration_leaves_an_ambiguous_address_unresolved(loaded, register):
    person = register(permanent_address="xyz không rõ")
    assert person.permanent_commune is None
    assert person.permanent_address == "xyz không rõ"
