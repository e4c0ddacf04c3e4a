import pytest

from pcmt.persons.idnumbers import check_old_id, check_personal_id, normalize_phone


def test_a_consistent_id_has_no_errors_or_warnings():
    check = check_personal_id("001090012345", sex="male", birth_year=1990)
    assert check.is_valid and check.warnings == []
    assert check.birth_province == "Hà Nội"
    assert (check.sex, check.birth_year) == ("male", 1990)


@pytest.mark.parametrize("raw", ["", "12345", "00109001234", "0010900123456", "00109001234a"])
def test_it_refuses_ids_that_are_not_twelve_digits(raw):
    check = check_personal_id(raw)
    assert not check.is_valid
    assert check.errors[0].code == "id_format"


def test_spaces_and_dots_inside_the_number_are_ignored():
    assert check_personal_id("001 090.012-345").number == "001090012345"


def test_a_female_born_in_2003_is_encoded_with_digit_3():
    check = check_personal_id("079303000111", sex="female", birth_year=2003)
    assert check.warnings == []
    assert check.birth_province == "Hồ Chí Minh"


def test_it_warns_when_the_sex_disagrees():
    codes = [w.code for w in check_personal_id("001190012345", sex="male").warnings]
    assert codes == ["id_sex_mismatch"]


def test_it_warns_when_the_birth_year_disagrees():
    codes = [w.code for w in check_personal_id("001090012345", birth_year=1991).warnings]
    assert codes == ["id_birth_year_mismatch"]


def test_it_warns_on_an_unknown_birth_province_code():
    check = check_personal_id("003090012345", sex="male", birth_year=1990)
    assert check.is_valid
    assert [w.code for w in check.warnings] == ["id_unknown_province"]


def test_old_ids_have_nine_digits():
    assert check_old_id("012345678").is_valid
    assert not check_old_id("01234567").is_valid


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0912.345.678", "0912345678"),
    ],
)
def test_phones_are_normalised_to_the_national_form(raw, expected):
    assert normalize_phone(raw) == expected
