"""The receiving commune is typed as a code or a name, anywhere in the country."""

import pytest
from django import forms

from pcmt.residence.forms import commune_by_code_or_name
from tests.conftest import make_unit


def test_a_commune_by_code_or_by_name_with_or_without_diacritics(commune_b):
    assert commune_by_code_or_name("00008") == commune_b
    assert commune_by_code_or_name("8") == commune_b
    assert commune_by_code_or_name("ngoc ha") == commune_b
    assert commune_by_code_or_name("Phường Ngọc Hà") == commune_b


def test_a_commune_of_another_province(other_province_commune):
    assert commune_by_code_or_name("Sài Gòn") == other_province_commune


def test_a_name_several_communes_share_asks_for_the_code(commune_b):
    make_unit("26740", "Ngọc Hà", make_unit("79", "Hồ Chí Minh"))
    with pytest.raises(forms.ValidationError) as error:
        commune_by_code_or_name("Ngọc Hà")
    assert "00008" in str(error.value) and "26740" in str(error.value)


def test_a_province_is_not_a_commune(province):
    with pytest.raises(forms.ValidationError):
        commune_by_code_or_name("01")
