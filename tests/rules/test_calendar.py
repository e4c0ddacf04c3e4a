import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcmt.rules.calendar import add_months, add_working_days, is_working_day
from pcmt.rules.holidays_vn import HOLIDAYS

D = datetime.date
TABLE = {day for day, _ in HOLIDAYS}


def test_weekends_do_not_count():
    # Thursday + 3 working days: Friday, Monday, Tuesday.
    assert add_working_days(D(2025, 10, 16), 3, set()) == D(2025, 10, 21)


def test_a_limit_that_crosses_tet_2026_skips_the_whole_break():
    # Positive test on Thursday 12/2/2026; Tết Bính Ngọ is off from 14/2 to 22/2.
    assert add_working_days(D(2026, 2, 12), 3, TABLE) == D(2026, 2, 24)


def test_a_dossier_limit_across_tet_2025():
    # Detected on Wednesday 22/1/2025: 23, 24/1, then Tết 25/1–2/2, then 3, 4, 5/2.
    assert add_working_days(D(2025, 1, 22), 5, TABLE) == D(2025, 2, 5)


def test_the_national_day_holidays_do_not_count():
    assert not is_working_day(D(2025, 9, 1), TABLE)
    assert add_working_days(D(2025, 8, 29), 1, TABLE) == D(2025, 9, 3)


def test_zero_days_is_the_start_and_negative_days_are_refused():
    assert add_working_days(D(2025, 10, 16), 0, set()) == D(2025, 10, 16)
    with pytest.raises(ValueError):
        add_working_days(D(2025, 10, 16), -1, set())


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2025, 7, 15), 12, D(2026, 7, 15)),
        (D(2025, 11, 30), 3, D(2026, 2, 28)),
    ],
)
def test_periods_in_months_end_on_the_corresponding_day(start, months, end):
    assert add_months(start, months) == end


@given(st.dates(D(2024, 1, 1), D(2027, 12, 31)), st.integers(1, 40))
def test_the_deadline_is_a_working_day_with_exactly_n_working_days_in_the_period(start, days):
    deadline = add_working_days(start, days, TABLE)
    assert is_working_day(deadline, TABLE)
    counted = sum(
        is_working_day(start + datetime.timedelta(days=i), TABLE)
        for i in range(1, (deadline - start).days + 1)
    )
    assert counted == days
