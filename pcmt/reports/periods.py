"""Report periods and deadlines, pure date arithmetic (Circular 13/2022/TT-BCA)."""

import calendar
import datetime

from pcmt.reports.models import PeriodKind

# Months a period of each kind covers, ending in the month `number` names.
MONTHS = {
    PeriodKind.MONTHLY: 1,
    PeriodKind.QUARTERLY: 3,
    PeriodKind.SIX_MONTH: 6,
    PeriodKind.NINE_MONTH: 9,
    PeriodKind.YEARLY: 12,
}
# How many periods of each kind a year has (six- and nine-month reports start in January).
COUNTS = {
    PeriodKind.MONTHLY: 12,
    PeriodKind.QUARTERLY: 4,
    PeriodKind.SIX_MONTH: 1,
    PeriodKind.NINE_MONTH: 1,
    PeriodKind.YEARLY: 1,
}


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def period_bounds(kind: str, year: int, number: int = 1) -> tuple[datetime.date, datetime.date]:
    """First and last day of the `number`-th period of `kind` in `year` (1-based)."""
    months = MONTHS[PeriodKind(kind)]
    if not 1 <= number <= COUNTS[PeriodKind(kind)]:
        raise ValueError(f"{kind} has no period {number}")
    if kind in (PeriodKind.SIX_MONTH, PeriodKind.NINE_MONTH, PeriodKind.YEARLY):
        return datetime.date(year, 1, 1), _month_end(year, months)
    last = number * months
    return datetime.date(year, last - months + 1, 1), _month_end(year, last)


def due_on(end: datetime.date, day: int) -> datetime.date:
    """The `day` of the period's last month (TT 13/2022 art. on report time limits); the
    month's last day when it is shorter."""
    return end.replace(day=min(day, calendar.monthrange(end.year, end.month)[1]))


def same_period_last_year(
    start: datetime.date, end: datetime.date
) -> tuple[datetime.date, datetime.date]:
    def back(day: datetime.date) -> datetime.date:
        last = calendar.monthrange(day.year - 1, day.month)[1]
        return day.replace(year=day.year - 1, day=min(day.day, last))

    # A period ending on the last day of February ends on the last day a year earlier too.
    shifted_end = back(end)
    if end == _month_end(end.year, end.month):
        shifted_end = _month_end(end.year - 1, end.month)
    return back(start), shifted_end


def year_start(end: datetime.date) -> datetime.date:
    return datetime.date(end.year, 1, 1)
