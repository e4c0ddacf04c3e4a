"""Working days on the official calendar of public offices (pure functions, no database).

A working day is a Monday to Friday that is not a day off, or a Saturday or Sunday that an
official notice made a working day (a swapped day). A year the government has not announced
gets a provisional calendar computed from the Labour Code.
"""

import calendar
import datetime
import functools
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from lunar_vn import LunarDate, lunar_to_solar

_SATURDAY = 5
D = datetime.date
ONE_DAY = datetime.timedelta(days=1)

LABOUR_CODE = "Bộ luật Lao động số 45/2019/QH14"


class DayKind(StrEnum):
    DAY_OFF = "off"
    WORKING_DAY = "working"


@dataclass(frozen=True)
class CalendarEntry:
    """A day the calendar changes: a day off, or a weekend day that is worked."""

    day: datetime.date
    kind: DayKind
    name: str
    # The legal document that set the day: number, date, issuer (or the Labour Code article).
    document: str = LABOUR_CODE
    document_date: datetime.date | None = None
    issuer: str = ""


@dataclass(frozen=True)
class YearCalendar:
    """One year's days off and weekend working days; `provisional` until officially announced."""

    year: int
    entries: tuple[CalendarEntry, ...]
    provisional: bool
    source: str = ""
    days_off: frozenset[datetime.date] = field(init=False)
    weekend_working_days: frozenset[datetime.date] = field(init=False)

    def __post_init__(self) -> None:
        for entry in self.entries:
            if entry.day.year != self.year:
                raise ValueError(f"{entry.day:%d/%m/%Y} is not in {self.year}")
            if entry.kind == DayKind.WORKING_DAY and entry.day.weekday() < _SATURDAY:
                raise ValueError(
                    f"{entry.day:%d/%m/%Y} is a weekday: only weekend days are swapped"
                )
        off = frozenset(e.day for e in self.entries if e.kind == DayKind.DAY_OFF)
        worked = frozenset(e.day for e in self.entries if e.kind == DayKind.WORKING_DAY)
        if off & worked:
            raise ValueError("a day cannot be both off and worked")
        object.__setattr__(self, "days_off", off)
        object.__setattr__(self, "weekend_working_days", worked)

    def is_working_day(self, day: datetime.date) -> bool:
        return is_working_day(day, self.days_off, self.weekend_working_days)


def is_working_day(
    day: datetime.date,
    holidays: Collection[datetime.date],
    worked: Collection[datetime.date] = (),
) -> bool:
    """Monday to Friday unless a day off; a weekend day only when a notice made it worked."""
    if day in worked:
        return True
    return day.weekday() < _SATURDAY and day not in holidays


def add_working_days(
    start: datetime.date,
    days: int,
    holidays: Collection[datetime.date],
    worked: Collection[datetime.date] = (),
) -> datetime.date:
    """The last day of a time limit of `days` working days counted from the day after `start`.

    (Civil Code art. 147: a period in days starts the day after the event.)
    """
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    counted = 0
    while counted < days:
        day += ONE_DAY
        if is_working_day(day, holidays, worked):
            counted += 1
    return day


def add_months(start: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day when that day does not exist)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


# The provisional calendar (Labour Code 2019) -------------------------------------------------


def lunar_new_year(year: int) -> datetime.date:
    """The first day of the lunar year that starts in `year` (Vietnamese calendar, UTC+7)."""
    return lunar_to_solar(LunarDate(1, 1, year))


def hung_kings_day(year: int) -> datetime.date:
    """The 10th day of the 3rd lunar month (Giỗ Tổ Hùng Vương)."""
    return lunar_to_solar(LunarDate(10, 3, year))


def _national_day_adjacent(year: int) -> datetime.date:
    # Labour Code art. 112(1)(đ): 2/9 and the day before or after; take the one that joins a
    # weekend, as the yearly notices of 2021–2026 did.
    national = D(year, 9, 2)
    before = national.weekday() in (1, 2, 4, 5)  # Tue, Wed, Fri, Sat
    return national - ONE_DAY if before else national + ONE_DAY


def _compensate(days: Iterable[tuple[datetime.date, str]]) -> list[tuple[datetime.date, str]]:
    """Holidays on a weekend are taken on the next working day (Labour Code art. 111(3))."""
    chosen = sorted(days)
    taken = {day for day, _ in chosen}
    result: list[tuple[datetime.date, str]] = []
    for day, name in chosen:
        if day.weekday() < _SATURDAY:
            result.append((day, name))
            continue
        substitute = day + ONE_DAY
        while substitute.weekday() >= _SATURDAY or substitute in taken:
            substitute += ONE_DAY
        taken.add(substitute)
        result.append((substitute, f"Nghỉ bù {name} ({day:%d/%m} là ngày nghỉ hằng tuần)"))
    return sorted(result)


@functools.cache
def provisional_year(year: int) -> YearCalendar:
    """The days off the Labour Code gives in `year`, before the government announces them.

    Art. 112(1): 1/1; five Tết days (taken here as the eve and the first four days of the
    lunar year, as the notices of 2022–2026 did); 10/3 lunar; 30/4; 1/5; 2/9 and one adjacent
    day. Art. 111(3): a holiday on a weekend is taken on the next working day. Swapped days
    exist only in official notices, so a provisional year has none.
    """
    new_year = lunar_new_year(year)
    holidays: list[tuple[datetime.date, str]] = [
        (D(year, 1, 1), "Tết Dương lịch"),
        *[(new_year + ONE_DAY * i, "Tết Nguyên đán") for i in range(-1, 4)],
        (hung_kings_day(year), "Giỗ Tổ Hùng Vương"),
        (D(year, 4, 30), "Ngày Chiến thắng"),
        (D(year, 5, 1), "Ngày Quốc tế Lao động"),
        (D(year, 9, 2), "Quốc khánh"),
        (_national_day_adjacent(year), "Quốc khánh (ngày liền kề)"),
    ]
    entries = tuple(
        CalendarEntry(
            day,
            DayKind.DAY_OFF,
            name,
            document=f"{LABOUR_CODE}, Điều 111 khoản 3"
            if name.startswith("Nghỉ bù")
            else f"{LABOUR_CODE}, Điều 112 khoản 1",
        )
        for day, name in _compensate(holidays)
        if day.year == year
    )
    return YearCalendar(year, entries, provisional=True, source="Bộ luật Lao động, Điều 112")


# Several years at once -------------------------------------------------------------------------


class WorkingCalendar:
    """Official years where they exist, provisional years elsewhere."""

    def __init__(self, official: Mapping[int, YearCalendar]) -> None:
        self._official = dict(official)

    def year(self, year: int) -> YearCalendar:
        return self._official.get(year) or provisional_year(year)

    def is_working_day(self, day: datetime.date) -> bool:
        return self.year(day.year).is_working_day(day)

    def add_working_days(self, start: datetime.date, days: int) -> datetime.date:
        """`days` working days after `start` (Civil Code art. 147), on the official calendar."""
        if days < 0:
            raise ValueError("days must not be negative")
        day, counted = start, 0
        while counted < days:
            day += ONE_DAY
            if self.is_working_day(day):
                counted += 1
        return day

    def provisional_years(self, start: datetime.date, end: datetime.date) -> list[int]:
        """The years between two days whose calendar is not yet official."""
        return [y for y in range(start.year, end.year + 1) if self.year(y).provisional]


def calendar_notice_years(
    today: datetime.date, official_years: Collection[int]
) -> tuple[list[int], int | None]:
    """Years in use that are provisional (this year and the next), and the next year when it
    is December and that year is still unannounced (the administrator's reminder)."""
    provisional = [y for y in (today.year, today.year + 1) if y not in official_years]
    missing_next = today.year + 1 if today.month == 12 and today.year + 1 in provisional else None
    return provisional, missing_next


# A year's calendar typed from the notice -----------------------------------------------------

_KIND_WORDS = {
    "nghỉ": DayKind.DAY_OFF,
    "nghi": DayKind.DAY_OFF,
    "off": DayKind.DAY_OFF,
    "làm": DayKind.WORKING_DAY,
    "làm bù": DayKind.WORKING_DAY,
    "lam": DayKind.WORKING_DAY,
    "lam bu": DayKind.WORKING_DAY,
    "working": DayKind.WORKING_DAY,
}


class CalendarLineError(ValueError):
    def __init__(self, line: int, text: str) -> None:
        super().__init__(f"line {line}: {text}")
        self.line = line


def parse_calendar_lines(
    text: str,
    *,
    year: int,
    document: str,
    document_date: datetime.date,
    issuer: str,
) -> tuple[CalendarEntry, ...]:
    """Entries from lines `dd/mm/yyyy; nghỉ|làm; name[; document]` (one day a line)."""
    entries: list[CalendarEntry] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.replace("|", ";").split(";")]
        if len(parts) < 3:
            raise CalendarLineError(number, raw)
        try:
            day = datetime.datetime.strptime(parts[0], "%d/%m/%Y").date()  # noqa: DTZ007
        except ValueError as exc:
            raise CalendarLineError(number, raw) from exc
        kind = _KIND_WORDS.get(parts[1].lower())
        if kind is None or day.year != year or not parts[2]:
            raise CalendarLineError(number, raw)
        if kind == DayKind.WORKING_DAY and day.weekday() < _SATURDAY:
            raise CalendarLineError(number, raw)
        entries.append(
            CalendarEntry(
                day,
                kind,
                parts[2],
                parts[3] if len(parts) > 3 and parts[3] else document,
                document_date,
                issuer,
            )
        )
    days = [e.day for e in entries]
    if len(days) != len(set(days)):
        raise CalendarLineError(0, "a day is listed twice")
    return tuple(sorted(entries, key=lambda e: e.day))


def calendar_lines(year: YearCalendar) -> str:
    """The text form of a year's entries, the inverse of `parse_calendar_lines`."""
    word = {DayKind.DAY_OFF: "nghỉ", DayKind.WORKING_DAY: "làm bù"}
    return "\n".join(
        f"{e.day:%d/%m/%Y}; {word[e.kind]}; {e.name}; {e.document}" for e in year.entries
    )
