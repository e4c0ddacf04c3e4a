"""Working days: weekends and Vietnamese public holidays do not count (pure functions)."""

import calendar
import datetime
from collections.abc import Collection

_SATURDAY = 5


def is_working_day(day: datetime.date, holidays: Collection[datetime.date]) -> bool:
    return day.weekday() < _SATURDAY and day not in holidays


def add_working_days(
    start: datetime.date, days: int, holidays: Collection[datetime.date]
) -> datetime.date:
    """The last day of a time limit of `days` working days counted from the day after `start`.

    (Civil Code art. 147: a period in days starts the day after the event.)
    """
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    counted = 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays):
            counted += 1
    return day


def add_months(start: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day when that day does not exist)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
