"""Writes to the official calendar."""

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from pcmt.rules.calendar import CalendarEntry, YearCalendar
from pcmt.rules.holidays_vn import OFFICIAL_YEARS
from pcmt.rules.models import CalendarDay, CalendarYear


@transaction.atomic
def calendar_year_replace(
    *,
    actor: Any,
    year: int,
    document: str,
    document_date: datetime.date,
    issuer: str,
    entries: Sequence[CalendarEntry],
    note: str = "",
) -> CalendarYear:
    """Make `entries` the official calendar of `year`, replacing what was there."""
    # Validates: every day in the year, only weekend days worked, no day both off and worked.
    YearCalendar(year, tuple(entries), provisional=False)
    header, _created = CalendarYear.objects.update_or_create(
        year=year,
        defaults={
            "document": document.strip(),
            "document_date": document_date,
            "issuer": issuer.strip(),
            "note": note.strip()[:300],
            "entered_by": actor,
        },
    )
    CalendarDay.objects.filter(date__year=year).delete()
    CalendarDay.objects.bulk_create(
        CalendarDay(
            date=entry.day,
            kind=entry.kind.value,
            name=entry.name[:120],
            document=entry.document[:200],
            document_date=entry.document_date,
            issuer=entry.issuer[:120],
        )
        for entry in entries
    )
    return header


def holidays_load(*, replace: bool = False) -> int:
    """Load the announced years shipped with PCMT; a year already entered stays as it is
    unless `replace`. Returns the number of years loaded."""
    loaded = 0
    existing = set(CalendarYear.objects.values_list("year", flat=True))
    for year, calendar in sorted(OFFICIAL_YEARS.items()):
        if year in existing and not replace:
            continue
        latest = max(
            (e for e in calendar.entries if e.document_date),
            key=lambda e: e.document_date or datetime.date.min,
        )
        assert latest.document_date is not None
        calendar_year_replace(
            actor=None,
            year=year,
            document=calendar.source,
            document_date=latest.document_date,
            issuer=latest.issuer,
            entries=calendar.entries,
            note="Nạp sẵn theo các văn bản đã công bố.",
        )
        loaded += 1
    return loaded
