import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcmt.rules.calendar import (
    CalendarEntry,
    DayKind,
    WorkingCalendar,
    YearCalendar,
    add_months,
    add_working_days,
    calendar_notice_years,
    hung_kings_day,
    is_working_day,
    lunar_new_year,
    provisional_year,
)
from pcmt.rules.holidays_vn import HOLIDAYS, OFFICIAL_YEARS

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


# The official calendar and the provisional years -------------------------------------------


OFFICIAL = WorkingCalendar(OFFICIAL_YEARS)


def test_friday_2_january_2026_is_off_and_saturday_10_january_is_worked():
    assert not OFFICIAL.is_working_day(D(2026, 1, 2))
    assert OFFICIAL.is_working_day(D(2026, 1, 10))
    # Received Wednesday 31/12/2025: Thursday 1/1 and Friday 2/1 are off.
    assert OFFICIAL.add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 5)
    # Thursday 8/1 + 2 working days: Friday 9/1, Saturday 10/1 (worked).
    assert OFFICIAL.add_working_days(D(2026, 1, 8), 2) == D(2026, 1, 10)


def test_monday_31_august_2026_is_off_and_saturday_22_august_is_worked():
    assert OFFICIAL.is_working_day(D(2026, 8, 22))
    for day in (D(2026, 8, 31), D(2026, 9, 1), D(2026, 9, 2)):
        assert not OFFICIAL.is_working_day(day)
    # Thursday 20/8 + 3: Friday 21, Saturday 22 (worked), Monday 24.
    assert OFFICIAL.add_working_days(D(2026, 8, 20), 3) == D(2026, 8, 24)
    # Friday 28/8 + 1: the National Day break runs to Wednesday 2/9.
    assert OFFICIAL.add_working_days(D(2026, 8, 28), 1) == D(2026, 9, 3)


def test_tet_2026_is_16_to_20_february_and_hung_kings_day_is_moved_to_monday_27_april():
    tet = sorted(d for d in OFFICIAL.year(2026).days_off if d.month == 2)
    assert tet == [D(2026, 2, d) for d in range(16, 21)]
    assert not OFFICIAL.is_working_day(D(2026, 4, 27))
    assert OFFICIAL.add_working_days(D(2026, 4, 24), 1) == D(2026, 4, 28)


def test_every_official_day_names_its_document_and_its_date():
    for year in OFFICIAL_YEARS.values():
        assert not year.provisional
        for entry in year.entries:
            assert entry.document and entry.document_date and entry.issuer, entry


def test_2025_swapped_days_are_worked():
    assert OFFICIAL.is_working_day(D(2025, 2, 8))
    assert OFFICIAL.is_working_day(D(2025, 4, 26))
    assert not OFFICIAL.is_working_day(D(2025, 5, 2))


@pytest.mark.parametrize(
    ("year", "new_year", "hung_kings"),
    [
        (2007, D(2007, 2, 17), D(2007, 4, 26)),  # Vietnam's Tết differs from China's (18/2)
        (2025, D(2025, 1, 29), D(2025, 4, 7)),
        (2026, D(2026, 2, 17), D(2026, 4, 26)),
        (2027, D(2027, 2, 6), D(2027, 4, 16)),
        (2028, D(2028, 1, 26), D(2028, 4, 4)),
    ],
)
def test_the_lunar_dates_are_those_of_the_vietnamese_calendar(year, new_year, hung_kings):
    assert lunar_new_year(year) == new_year
    assert hung_kings_day(year) == hung_kings


def test_the_provisional_2026_matches_the_official_days_off_except_the_swaps():
    provisional = provisional_year(2026)
    official = OFFICIAL_YEARS[2026]
    assert provisional.provisional
    assert official.days_off - provisional.days_off == {D(2026, 1, 2), D(2026, 8, 31)}
    assert provisional.days_off <= official.days_off
    assert not provisional.weekend_working_days


def test_tet_2027_begins_on_6_february_and_its_weekend_days_are_compensated():
    year = provisional_year(2027)
    # The eve (Friday 5/2) and the first four days; Saturday 6 and Sunday 7 are taken on
    # Wednesday 10 and Thursday 11 (Labour Code art. 111(3)).
    tet = sorted(d for d in year.days_off if d.month == 2)
    assert tet == [D(2027, 2, d) for d in (5, 8, 9, 10, 11)]
    calendar = WorkingCalendar(OFFICIAL_YEARS)
    assert calendar.year(2027).provisional
    # Positive result received Thursday 4/2/2027: Friday 12, Monday 15, Tuesday 16.
    assert calendar.add_working_days(D(2027, 2, 4), 3) == D(2027, 2, 16)
    assert calendar.provisional_years(D(2026, 12, 30), D(2027, 1, 5)) == [2027]


def test_the_provisional_2027_fixed_holidays():
    year = provisional_year(2027)
    assert D(2027, 1, 1) in year.days_off
    assert D(2027, 4, 16) in year.days_off  # Giỗ Tổ, Friday
    assert {D(2027, 4, 30), D(2027, 5, 3)} <= year.days_off  # 1/5 is a Saturday: Monday 3/5
    assert {D(2027, 9, 2), D(2027, 9, 3)} <= year.days_off  # Thursday and the Friday after
    for entry in year.entries:
        assert "Bộ luật Lao động" in entry.document
        assert entry.kind == DayKind.DAY_OFF


@pytest.mark.parametrize("year", range(2022, 2041))
def test_every_provisional_year_has_eleven_weekday_days_off(year):
    calendar = provisional_year(year)
    assert len(calendar.days_off) == 11
    assert all(d.weekday() < 5 for d in calendar.days_off)


def test_a_weekday_cannot_be_made_a_working_day_nor_a_day_of_another_year():
    with pytest.raises(ValueError):
        YearCalendar(2026, (CalendarEntry(D(2026, 1, 9), DayKind.WORKING_DAY, "x"),), False)
    with pytest.raises(ValueError):
        YearCalendar(2026, (CalendarEntry(D(2027, 1, 9), DayKind.DAY_OFF, "x"),), False)


@pytest.mark.parametrize(
    ("today", "official", "provisional", "reminder"),
    [
        (D(2026, 11, 30), {2026}, [2027], None),
        (D(2026, 12, 1), {2026}, [2027], 2027),
        (D(2026, 12, 1), {2026, 2027}, [], None),
        (D(2027, 3, 1), {2026}, [2027, 2028], None),
    ],
)
def test_the_notices_name_the_provisional_years_and_remind_in_december(
    today, official, provisional, reminder
):
    assert calendar_notice_years(today, official) == (provisional, reminder)


@given(st.dates(D(2025, 1, 1), D(2028, 12, 31)), st.integers(1, 40))
def test_on_the_official_calendar_the_deadline_is_a_working_day(start, days):
    deadline = OFFICIAL.add_working_days(start, days)
    assert OFFICIAL.is_working_day(deadline)
    counted = sum(
        OFFICIAL.is_working_day(start + datetime.timedelta(days=i))
        for i in range(1, (deadline - start).days + 1)
    )
    assert counted == days
