"""Normalisation for linkage: pure functions, no database."""

import unicodedata

import pytest

from pcmt.core.text import fold
from pcmt.linkage.normalize import (
    AddressCommunes,
    Commune,
    address_key,
    fast_fold,
    fold_name,
    has_marks,
    normalize_phone,
    parse_dob,
    parse_gender,
    parse_id,
    split_name,
    surname_key,
)


def test_fold_name_drops_marks_and_turns_d_with_stroke_into_d() -> None:
    assert fold_name("  Đỗ  Thị-Hằng ") == "do thi hang"
    assert fold_name("ĐẶNG ĐỨC") == "dang duc"


@pytest.mark.parametrize(
    "text",
    ["Nguyễn Văn Hùng", "Trương Thị Ánh Tuyết", "ĐẶNG", "abc 漢字", "Hưng", "x  y"],
)
def test_fast_fold_agrees_with_the_core_fold(text: str) -> None:
    assert fast_fold(text) == " ".join(fold(text).split())
    decomposed = unicodedata.normalize("NFD", text)
    assert fast_fold(decomposed) == " ".join(fold(decomposed).split())


def test_has_marks_tells_names_typed_with_marks() -> None:
    assert has_marks("Nguyễn Văn Hùng")
    assert has_marks("Do Van Đat")
    assert not has_marks("Nguyen Van Hung")
    assert not has_marks("")


def test_split_name_reads_vietnamese_order() -> None:
    parsed = split_name("Nguyễn Văn Hùng")
    assert (parsed.surname, parsed.middle, parsed.given, parsed.reordered) == (
        "nguyễn",
        "văn",
        "hùng",
        False,
    )


@pytest.mark.parametrize("text", ["Hùng Văn Nguyễn", "Văn Hùng Nguyễn", "Hung Van Nguyen"])
def test_split_name_turns_western_order_round(text: str) -> None:
    parsed = split_name(text)
    assert fold(parsed.full) == "nguyen van hung"
    assert parsed.reordered


def test_split_name_keeps_a_name_that_starts_with_a_surname() -> None:
    # "Lê Văn Hoàng": the given name is also a surname; the order stays as written.
    assert split_name("Lê Văn Hoàng").given == "hoàng"
    assert split_name("Minh").given == "minh"
    assert split_name("").full == ""


def test_regional_surname_variants_share_a_key() -> None:
    assert surname_key("huynh") == surname_key("hoang")
    assert surname_key("vo") == surname_key("vu")
    assert surname_key("nguyen") == "nguyen"
    assert surname_key("tran") != surname_key("hoang")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12/03/1990", (1990, 3, 12)),
        ("2/3/1990", (1990, 3, 2)),
        ("1990-03-12", (1990, 3, 12)),
        ("1990", (1990, None, None)),
        ("31/02/1990", (1990, None, None)),
        ("", (None, None, None)),
        ("unknown", (None, None, None)),
        ("1850", (None, None, None)),
    ],
)
def test_parse_dob_reads_full_dates_and_years(
    text: str, expected: tuple[int | None, int | None, int | None]
) -> None:
    assert parse_dob(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Nam", "M"), ("nam", "M"), ("Nữ", "F"), ("Nu", "F"), ("", None), ("khác", None)],
)
def test_parse_gender(text: str, expected: str | None) -> None:
    assert parse_gender(text) == expected


def test_parse_id_reads_sex_and_birth_year_of_a_personal_id() -> None:
    woman = parse_id("001 192 012 345")
    assert (woman.digits, woman.kind, woman.sex, woman.birth_year) == (
        "001192012345",
        "cccd",
        "F",
        1992,
    )
    boy = parse_id("079-205-000-111")
    assert (boy.sex, boy.birth_year) == ("M", 2005)


def test_parse_id_keeps_old_and_mistyped_numbers() -> None:
    assert parse_id("012345678").kind == "cmnd"
    assert parse_id("012345678").birth_year is None
    assert parse_id("00109012345").kind == "other"
    assert parse_id("").kind == ""
    assert parse_id("000000000").digits == ""


@pytest.mark.parametrize(
    "text", ["0912345678", "+84 912 345 678", "84912345678", "0084912345678", "0912.345.678"]
)
def test_phone_numbers_take_the_national_form(text: str) -> None:
    assert normalize_phone(text) == "0912345678"


@pytest.mark.parametrize("text", ["", "12345", "0000000000", "abc"])
def test_phone_numbers_that_cannot_be_phones_are_dropped(text: str) -> None:
    assert normalize_phone(text) == ""


def test_address_key_drops_house_street_and_village() -> None:
    assert (
        address_key("Số 12 ngõ 34, phố Hàng Bông, Phường Cửa Nam, TP Hà Nội")
        == "phuong cua nam, tp ha noi"
    )
    assert address_key("Thôn Đông, Xã Tân Lập, Huyện Đan Phượng, Hà Nội") == (
        "xa tan lap, huyen dan phuong, ha noi"
    )
    assert address_key("Phường Cửa Nam") == "phuong cua nam"


def test_each_distinct_address_is_resolved_once() -> None:
    calls: list[str] = []

    def resolver(key: str) -> Commune:
        calls.append(key)
        return Commune("00082", "01")

    communes = AddressCommunes(resolver)
    for house in range(1, 20):
        assert communes(f"Số {house} phố Tràng Thi, Phường Cửa Nam, Hà Nội").code == "00082"
    assert communes("So 3 pho Trang Thi, phuong Cua Nam, Ha Noi").code == "00082"
    assert calls == ["phuong cua nam, ha noi"]
    assert communes("").code is None


def test_the_model_renames_duckdb_functions_for_spark() -> None:
    from pcmt.linkage.model import splink_settings

    duckdb = str(splink_settings(None, probability_two_random_records_match=1e-4))
    spark = str(splink_settings(None, probability_two_random_records_match=1e-4, dialect="spark"))
    assert "jaro_winkler_similarity(" in duckdb and "list_has_any(" in duckdb
    assert "jaro_winkler_similarity(" not in spark and "list_has_any(" not in spark
    assert "jaro_winkler(" in spark and "arrays_overlap(" in spark
