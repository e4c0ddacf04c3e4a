"""The hour limits of a move (Law 120/2025), as pure functions of the recorded times.

Officers often know only the day of a move or of a report. A late flag is never raised on a
guess: a move of unknown hour counts from the end of its day, a report of unknown hour from
the start of its day.
"""

import datetime
import zoneinfo

from django.conf import settings


def _local(day: datetime.date, at: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, at, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


def moved_at(day: datetime.date, at: datetime.time | None) -> datetime.datetime:
    """The latest the move can have happened."""
    if at is None:
        return _local(day + datetime.timedelta(days=1), datetime.time.min)
    return _local(day, at)


def reported_at(day: datetime.date, at: datetime.time | None) -> datetime.datetime:
    """The earliest the person can have reported at the new commune."""
    return _local(day, at or datetime.time.min)


def due_after(
    day: datetime.date, at: datetime.time | None, hours: int | None
) -> datetime.datetime | None:
    """`hours` after the move; None where the law of the move date sets no limit."""
    if hours is None:
        return None
    return moved_at(day, at) + datetime.timedelta(hours=hours)


def is_late(done: datetime.datetime, due: datetime.datetime | None) -> bool:
    return due is not None and done > due
