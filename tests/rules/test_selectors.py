import datetime

import pytest
from django.core.exceptions import ValidationError

from pcmt.rules.models import CalendarDay, CalendarYear, RuleOverride
from pcmt.rules.selectors import deadline_in_working_days, rules_in_force
from pcmt.rules.services import holidays_load

D = datetime.date


def test_loading_the_calendar_is_idempotent_and_keeps_administrators_changes(db):
    assert holidays_load() == 2
    assert CalendarYear.objects.filter(year__in=[2025, 2026]).count() == 2
    CalendarDay.objects.filter(date=D(2026, 9, 1)).update(name="Đổi theo quyết định")
    assert holidays_load() == 0
    assert CalendarDay.objects.get(date=D(2026, 9, 1)).name == "Đổi theo quyết định"
    assert holidays_load(replace=True) == 2
    assert CalendarDay.objects.get(date=D(2026, 9, 1)).name != "Đổi theo quyết định"


def test_deadlines_use_the_official_calendar_and_its_swapped_days(db):
    # Without the notice, 2026 is provisional: Tết from the lunar calendar, no swapped days.
    assert deadline_in_working_days(D(2026, 2, 12), 3) == D(2026, 2, 24)
    assert deadline_in_working_days(D(2025, 12, 31), 1) == D(2026, 1, 2)
    holidays_load()
    assert deadline_in_working_days(D(2026, 2, 12), 3) == D(2026, 2, 24)
    # Friday 2/1/2026 is off; Saturday 10/1/2026 is worked.
    assert deadline_in_working_days(D(2025, 12, 31), 1) == D(2026, 1, 5)
    assert deadline_in_working_days(D(2026, 1, 8), 2) == D(2026, 1, 10)


def test_an_administrators_value_applies_from_its_date(db):
    RuleOverride.objects.create(
        rule="compulsory_dossier_working_days",
        value=7,
        effective_from=D(2026, 9, 1),
        note="Nghị định mới",
    )
    assert rules_in_force(D(2026, 8, 31)).compulsory_dossier_working_days == 5
    assert rules_in_force(D(2026, 9, 1)).compulsory_dossier_working_days == 7


def test_the_latest_value_wins(db):
    for day, value in [(D(2026, 7, 1), 6), (D(2026, 10, 1), 8)]:
        RuleOverride.objects.create(
            rule="compulsory_dossier_working_days", value=value, effective_from=day, note="x"
        )
    assert rules_in_force(D(2026, 11, 1)).compulsory_dossier_working_days == 8


@pytest.mark.parametrize(
    ("rule", "value", "day", "field"),
    [
        ("compulsory_dossier_working_days", "bảy", D(2026, 9, 1), "value"),
        ("voluntary_home_rehab_months", [12, 6], D(2026, 9, 1), "value"),
        ("compulsory_dossier_working_days", 7, D(2025, 9, 1), "value"),
        ("post_rehab_months", 12, D(2020, 1, 1), "effective_from"),
    ],
)
def test_a_value_that_does_not_fit_is_refused_with_a_message(db, rule, value, day, field):
    override = RuleOverride(rule=rule, value=value, effective_from=day, note="x")
    with pytest.raises(ValidationError) as caught:
        override.full_clean()
    assert field in caught.value.message_dict
