"""The pure rehab rules: age on a date, duration ranges by law, kind, age and repeat."""

import datetime

import pytest

from pcmt.rehab.law import age_on, duration_range, post_rehab_required
from pcmt.rules import MonthRange, rules_for

D = datetime.date


def test_age_counts_full_years_from_the_birth_date():
    assert age_on(D(2010, 5, 10), 2010, D(2028, 5, 9)) == 17
    assert age_on(D(2010, 5, 10), 2010, D(2028, 5, 10)) == 18


def test_with_only_a_birth_year_the_person_is_taken_as_born_on_31_december():
    assert age_on(None, 2008, D(2026, 12, 30)) == 17
    assert age_on(None, 2008, D(2026, 12, 31)) == 18


@pytest.mark.parametrize(
    ("day", "kind", "minor", "repeat", "expected", "cite"),
    [
        (D(2026, 6, 30), "compulsory", False, False, MonthRange(12, 24), "art. 95"),
        (D(2026, 6, 30), "compulsory", False, True, MonthRange(12, 24), "art. 95"),
        (D(2026, 6, 30), "compulsory", True, False, MonthRange(6, 12), "73/2021/QH14 art. 33"),
        (D(2026, 7, 1), "compulsory", False, False, MonthRange(24, 24), "120/2025"),
        (D(2026, 7, 1), "compulsory", False, True, MonthRange(36, 36), "120/2025"),
        (D(2026, 7, 1), "compulsory", True, True, MonthRange(6, 12), "120/2025"),
        (D(2026, 6, 30), "voluntary_home", False, True, MonthRange(6, 12), "art. 30–31"),
        (D(2026, 6, 30), "voluntary_facility", False, False, MonthRange(6, 12), "73/2021"),
        (D(2026, 7, 1), "voluntary_home", False, False, MonthRange(24, 24), "120/2025"),
        (D(2026, 7, 1), "voluntary_facility", False, True, MonthRange(36, 36), "120/2025"),
    ],
)
def test_duration_ranges_follow_the_law_of_the_day(day, kind, minor, repeat, expected, cite):
    allowed, citation = duration_range(rules_for(day), kind, minor=minor, repeat=repeat)
    assert allowed == expected
    assert cite in citation


def test_post_rehab_follows_every_completed_rehab_under_both_laws():
    for code in ("law_73_2021", "law_120_2025"):
        for kind in ("compulsory", "voluntary_home", "voluntary_facility"):
            assert post_rehab_required(kind, code)
