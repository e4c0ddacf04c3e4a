"""The rules and the calendar as administrators configured them."""

import datetime
from typing import Any

from django.utils.translation import gettext as _

from pcmt.rules import LawRules, rules_for
from pcmt.rules.calendar import (
    CalendarEntry,
    DayKind,
    WorkingCalendar,
    YearCalendar,
    calendar_notice_years,
)
from pcmt.rules.deadlines import prison_release_verification_due
from pcmt.rules.models import CalendarDay, CalendarYear, RuleOverride
from pcmt.rules.post_rehab import post_rehab_end, post_rehab_period


def rule_overrides(day: datetime.date) -> dict[str, Any]:
    """The latest administrator value of each unsure rule of the law in force on `day`."""
    law = rules_for(day)
    overrides: dict[str, Any] = {}
    for override in RuleOverride.objects.filter(
        effective_from__lte=day, rule__in=sorted(law.unsure)
    ).order_by("rule", "-effective_from"):
        overrides.setdefault(override.rule, override.value)
    return overrides


def rules_in_force(day: datetime.date) -> LawRules:
    """The law's rules on `day`, with the latest administrator value of each unsure rule."""
    return rules_for(day, rule_overrides(day))


def official_year(year: int) -> YearCalendar | None:
    """The announced calendar of `year` as stored, or None when it is not announced yet."""
    header = CalendarYear.objects.filter(year=year).first()
    if header is None:
        return None
    entries = tuple(
        CalendarEntry(
            day.date,
            DayKind(day.kind),
            day.name,
            day.document or header.document,
            day.document_date or header.document_date,
            day.issuer or header.issuer,
        )
        for day in CalendarDay.objects.filter(date__year=year).order_by("date")
    )
    return YearCalendar(year, entries, provisional=False, source=header.document)


def working_calendar(start: datetime.date, end: datetime.date | None = None) -> WorkingCalendar:
    """The calendar from `start`'s year to `end`'s (a year past `start` by default)."""
    last = (end or start).year + 1
    headers = {h.year: h for h in CalendarYear.objects.filter(year__gte=start.year, year__lte=last)}
    by_year: dict[int, list[CalendarEntry]] = {year: [] for year in headers}
    for day in CalendarDay.objects.filter(date__year__in=list(headers)).order_by("date"):
        header = headers[day.date.year]
        by_year[day.date.year].append(
            CalendarEntry(
                day.date,
                DayKind(day.kind),
                day.name,
                day.document or header.document,
                day.document_date or header.document_date,
                day.issuer or header.issuer,
            )
        )
    return WorkingCalendar(
        {
            year: YearCalendar(year, tuple(entries), False, headers[year].document)
            for year, entries in by_year.items()
        }
    )


def holidays_between(start: datetime.date, end: datetime.date) -> set[datetime.date]:
    """Days off between two days on the calendar in use (official or provisional)."""
    calendar = working_calendar(start, end)
    return {
        day
        for year in range(start.year, end.year + 1)
        for day in calendar.year(year).days_off
        if start <= day <= end
    }


def deadline_in_working_days(start: datetime.date, days: int) -> datetime.date:
    """`days` working days after `start` on the official calendar (provisional where none)."""
    return working_calendar(start).add_working_days(start, days)


def calendar_notices(today: datetime.date, *, administrator: bool = True) -> list[str]:
    """Warnings for the worklist: years in use whose calendar is provisional, and (for the
    administrators who enter it) in December the next year when its calendar is missing."""
    official = set(
        CalendarYear.objects.filter(year__in=[today.year, today.year + 1]).values_list(
            "year", flat=True
        )
    )
    provisional, missing_next = calendar_notice_years(today, official)
    notices = [
        _(
            "The %(year)s working-day calendar is provisional (Labour Code art. 112): deadlines "
            "may change when the government announces the days off."
        )
        % {"year": year}
        for year in provisional
    ]
    if missing_next is not None and administrator:
        notices.append(
            _(
                "December: enter the %(year)s calendar from the government's notice on the "
                "calendar page."
            )
            % {"year": missing_next}
        )
    return notices


def post_rehab_planned_end(
    *,
    rehab_kind: str,
    started_on: datetime.date,
    age_at_completion: int,
    placed_as_minor: bool | None = None,
) -> datetime.date:
    """The planned end of post-rehab management opened on `started_on` (Law 73/2021 art. 40,
    with administrators' values under Law 120/2025)."""
    period = post_rehab_period(
        law_day=started_on,
        rehab_kind=rehab_kind,
        age_at_completion=age_at_completion,
        placed_as_minor=placed_as_minor,
        overrides=rule_overrides(started_on),
    )
    return post_rehab_end(started_on, period)


def prison_release_verification_deadline(notice_received_on: datetime.date) -> datetime.date:
    """The last day for the commune police to verify a released prisoner's residence
    (Circular 10/2024/TT-BCA art. 8: 3 working days of the prison's notice)."""
    return prison_release_verification_due(
        notice_received_on=notice_received_on, calendar=working_calendar(notice_received_on)
    ).due
