import datetime

import pytest

from pcmt.rules import LAWS, MonthRange, NoLawInForce, rules_for

D = datetime.date


def test_the_last_day_of_law_73_is_30_june_2026():
    assert rules_for(D(2026, 6, 30)).code == "law_73_2021"


def test_law_120_applies_from_1_july_2026():
    assert rules_for(D(2026, 7, 1)).code == "law_120_2025"


def test_law_73_starts_on_1_january_2022_and_earlier_days_have_no_law():
    assert rules_for(D(2022, 1, 1)).code == "law_73_2021"
    with pytest.raises(NoLawInForce):
        rules_for(D(2021, 12, 31))


def test_the_laws_cover_every_day_from_2022_without_overlap():
    day = D(2022, 1, 1)
    while day < D(2028, 1, 1):
        assert sum(law.in_force_on(day) for law in LAWS) == 1, day
        day += datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("day", "adult", "minor"),
    [
        (D(2026, 6, 30), MonthRange(12, 24), MonthRange(6, 12)),
        (D(2026, 7, 1), MonthRange(24, 24), MonthRange(6, 12)),
    ],
)
def test_compulsory_rehab_durations_follow_the_law_of_the_day(day, adult, minor):
    rules = rules_for(day)
    assert rules.compulsory_rehab_adult_months == adult
    assert rules.compulsory_rehab_minor_months == minor


def test_moving_residence_has_24_hour_limits_only_under_law_120():
    assert rules_for(D(2026, 6, 30)).move_report_hours is None
    assert rules_for(D(2026, 7, 1)).move_report_hours == 24
    assert rules_for(D(2026, 7, 1)).move_notify_hours == 24


def test_management_lasts_a_year_and_is_decided_within_3_working_days():
    for day in (D(2025, 1, 1), D(2026, 8, 1)):
        assert rules_for(day).management_period_months == 12
        assert rules_for(day).management_decision_working_days == 3


def test_an_unsure_rule_can_be_set_and_a_settled_one_cannot():
    rules = rules_for(
        D(2026, 8, 1),
        {"compulsory_dossier_working_days": 7, "voluntary_home_rehab_months": [6, 12]},
    )
    assert rules.compulsory_dossier_working_days == 7
    assert rules.voluntary_home_rehab_months == MonthRange(6, 12)
    with pytest.raises(ValueError):
        rules_for(D(2026, 8, 1), {"move_report_hours": 48})
    with pytest.raises(ValueError):
        rules_for(D(2025, 8, 1), {"compulsory_dossier_working_days": 7})


@pytest.mark.parametrize("value", ["7", True, -1, 0, [1, 2]])
def test_a_number_rule_takes_a_positive_whole_number(value):
    with pytest.raises((TypeError, ValueError)):
        rules_for(D(2026, 8, 1), {"compulsory_dossier_working_days": value})


def test_law_120_leaves_the_minors_duration_to_a_decree():
    assert "compulsory_rehab_minor_months" in rules_for(D(2026, 7, 1)).unsure
    assert "compulsory_rehab_minor_months" not in rules_for(D(2026, 6, 30)).unsure
    rules = rules_for(D(2026, 8, 1), {"compulsory_rehab_minor_months": [3, 6]})
    assert rules.compulsory_rehab_minor_months == MonthRange(3, 6)
