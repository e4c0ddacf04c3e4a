import datetime

import pytest

from pcmt.reports.periods import due_on, period_bounds, same_period_last_year

D = datetime.date


def test_quarters_months_and_year_to_date_periods() -> None:
    assert period_bounds("quarterly", 2025, 2) == (D(2025, 4, 1), D(2025, 6, 30))
    assert period_bounds("monthly", 2024, 2) == (D(2024, 2, 1), D(2024, 2, 29))
    assert period_bounds("six_month", 2025) == (D(2025, 1, 1), D(2025, 6, 30))
    assert period_bounds("nine_month", 2025) == (D(2025, 1, 1), D(2025, 9, 30))
    assert period_bounds("yearly", 2025) == (D(2025, 1, 1), D(2025, 12, 31))


def test_it_refuses_a_period_the_year_does_not_have() -> None:
    with pytest.raises(ValueError):
        period_bounds("quarterly", 2025, 5)


def test_deadline_is_the_day_of_the_periods_last_month() -> None:
    assert due_on(D(2025, 3, 31), 16) == D(2025, 3, 16)
    assert due_on(D(2025, 2, 28), 30) == D(2025, 2, 28)


def test_same_period_last_year_keeps_month_ends() -> None:
    assert same_period_last_year(D(2024, 2, 1), D(2024, 2, 29)) == (D(2023, 2, 1), D(2023, 2, 28))
    assert same_period_last_year(D(2025, 2, 1), D(2025, 2, 28)) == (D(2024, 2, 1), D(2024, 2, 29))
