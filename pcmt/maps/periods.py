"""The period a map shows: a month, a quarter, a year or custom dates (pure, no database)."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from pcmt.core.errors import DomainError

PERIOD_KINDS = ("month", "quarter", "year", "custom")
# Custom periods longer than this are refused (a map of ten years says nothing).
MAX_CUSTOM_DAYS = 366 * 5


@dataclass(frozen=True)
class Period:
    kind: str
    start: datetime.date
    end: datetime.date  # inclusive

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.start:%m/%Y}"
        if self.kind == "quarter":
            return f"Q{(self.start.month - 1) // 3 + 1}/{self.start.year}"
        if self.kind == "year":
            return f"{self.start.year}"
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"

    def as_params(self) -> dict[str, str]:
        return {"period": self.kind, "start": self.start.isoformat(), "end": self.end.isoformat()}


def _month_end(year: int, month: int) -> datetime.date:
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


def period_containing(kind: str, day: datetime.date) -> Period:
    """The month, quarter or year that holds `day`."""
    if kind == "month":
        return Period(kind, day.replace(day=1), _month_end(day.year, day.month))
    if kind == "quarter":
        first = (day.month - 1) // 3 * 3 + 1
        return Period(kind, datetime.date(day.year, first, 1), _month_end(day.year, first + 2))
    if kind == "year":
        return Period(kind, datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31))
    raise ValueError(kind)


def _date(value: str, field: str) -> datetime.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value.strip(), fmt).date()  # noqa: DTZ007
        except ValueError:
            continue
    raise DomainError("map_period_date", _("Enter a valid date (dd/mm/yyyy)."), field)


def period_parse(params: dict[str, str], *, today: datetime.date) -> Period:
    """The period from request parameters `period` and `start` (and `end` when custom).

    Missing parameters give the current quarter; for month, quarter and year `start` is any
    day inside it."""
    kind = params.get("period") or "quarter"
    if kind not in PERIOD_KINDS:
        raise DomainError("map_period_kind", _("Choose month, quarter, year or custom."), "period")
    start = _date(params["start"], "start") if params.get("start") else today
    if kind != "custom":
        return period_containing(kind, start)
    end = _date(params["end"], "end") if params.get("end") else today
    if end < start:
        raise DomainError("map_period_order", _("The end date is before the start date."), "end")
    if (end - start).days > MAX_CUSTOM_DAYS:
        raise DomainError("map_period_long", _("Choose a period of at most five years."), "end")
    return Period(kind, start, end)
