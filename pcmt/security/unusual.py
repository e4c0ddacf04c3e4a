"""Unusual access to personal data, for the security officer's breach response.

Three signs, read from the one event log and the break-the-glass grants:
- many persons read by one user within a short window (`PCMT_UNUSUAL_READS_PERSONS` persons
  within `PCMT_UNUSUAL_READS_MINUTES` minutes);
- reads outside working hours: on a day off of the official calendar (`rules.selectors.
  working_calendar`) or outside `PCMT_WORKING_HOURS` on a working day;
- every break-the-glass grant.
"""

import datetime
import heapq
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.models import User
from pcmt.audit.models import AccessSubject, Event
from pcmt.persons.models import PERSON_STREAM, READ_ACTION
from pcmt.rules.selectors import working_calendar
from pcmt.security.emergency import grant_reads, province_code_of
from pcmt.security.models import EmergencyAccess, is_security_officer

KIND_MANY = "many_reads"
KIND_OFF_HOURS = "off_hours"
KIND_EMERGENCY = "emergency"
KINDS = [
    (KIND_MANY, _("Many persons read in a short time")),
    (KIND_OFF_HOURS, _("Reads outside working hours")),
    (KIND_EMERGENCY, _("Break-the-glass access")),
]
# Days the page looks back when no dates are given; the longest span it reads at once.
DEFAULT_DAYS = 7
MAX_DAYS = 92


def may_read_unusual_access(user: Any) -> bool:
    """The security officers of the province."""
    return is_security_officer(user)


@dataclass(frozen=True)
class UnusualFilter:
    day_from: datetime.date
    day_to: datetime.date
    kind: str = ""
    username: str = ""


@dataclass(frozen=True)
class UnusualAccess:
    kind: str
    username: str
    full_name: str
    start: datetime.datetime
    end: datetime.datetime
    persons: int
    reads: int
    detail: str

    @property
    def kind_label(self) -> str:
        return str(dict(KINDS)[self.kind])


def _bounds(found: UnusualFilter) -> tuple[datetime.datetime, datetime.datetime]:
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(found.day_from, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(
        found.day_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    return start, end


def _province_users(officer: Any) -> Q:
    """Users of the officer's province (one deployment may hold several provinces' users)."""
    return Q(actor__agency__unit__province_code=province_code_of(officer))


def _reads(officer: Any, found: UnusualFilter) -> Any:
    start, end = _bounds(found)
    reads = Event.objects.filter(
        _province_users(officer),
        stream=PERSON_STREAM,
        action=READ_ACTION,
        at__gte=start,
        at__lt=end,
    )
    if found.username:
        reads = reads.filter(actor__username=found.username)
    return reads


def _accesses(officer: Any, found: UnusualFilter) -> Any:
    """Persons named by access rows (lists, searches, exports, pages) in the period."""
    start, end = _bounds(found)
    subjects = AccessSubject.objects.filter(
        kind="person",
        access__user__agency__unit__province_code=province_code_of(officer),
        access__at__gte=start,
        access__at__lt=end,
    )
    if found.username:
        subjects = subjects.filter(access__user__username=found.username)
    return subjects


def _read_rows(officer: Any, found: UnusualFilter) -> Iterator[tuple[int, Any, int]]:
    """Every read of a person in the period, per user in time order: the read events of
    person pages and reveals, and the persons of every list, search and export (access rows).
    A page read is both an event and an access row of the same request: counted once."""
    events = (
        _reads(officer, found)
        .order_by("actor_id", "at", "pk")
        .values_list("actor_id", "at", "subject_id", "origin")
    )
    accesses = (
        _accesses(officer, found)
        .order_by("access__user_id", "access__at", "pk")
        .values_list("access__user_id", "access__at", "subject_id", "access__request_id")
    )
    tagged_events = (
        (actor, at, subject, (origin or {}).get("request_id", ""))
        for actor, at, subject, origin in events.iterator(chunk_size=2000)
    )
    current: int | None = None
    seen: set[tuple[str, int]] = set()
    merged = heapq.merge(
        tagged_events, accesses.iterator(chunk_size=2000), key=lambda row: (row[0], row[1])
    )
    for actor, at, subject, request_id in merged:
        if actor is None:
            continue
        if actor != current:
            current, seen = actor, set()
        if request_id:
            if (request_id, subject) in seen:
                continue
            seen.add((request_id, subject))
        yield actor, at, subject


def _names(ids: set[int]) -> dict[int, tuple[str, str]]:
    return {
        u.pk: (u.get_username(), u.get_full_name())
        for u in User.objects.filter(pk__in=ids).only("username", "first_name", "last_name")
    }


def _bursts(officer: Any, found: UnusualFilter) -> Iterator[tuple[int, UnusualAccess]]:
    """Per user, each window in which he read more distinct persons than the threshold
    (overlapping windows are joined into one row)."""
    limit = settings.PCMT_UNUSUAL_READS_PERSONS
    window = datetime.timedelta(minutes=settings.PCMT_UNUSUAL_READS_MINUTES)
    rows = _read_rows(officer, found)
    current: int | None = None
    recent: deque[tuple[datetime.datetime, int]] = deque()
    burst: dict[str, Any] | None = None

    def flush() -> Iterator[tuple[int, UnusualAccess]]:
        if burst is not None and current is not None:
            yield current, _burst_row(burst)

    for actor_id, at, subject_id in rows:
        if actor_id != current:
            yield from flush()
            current, recent, burst = actor_id, deque(), None
        recent.append((at, subject_id))
        while recent and recent[0][0] <= at - window:
            recent.popleft()
        persons = {subject for _at, subject in recent}
        if len(persons) > limit:
            if burst is not None and recent[0][0] <= burst["end"]:
                burst["end"] = at
                burst["persons"] |= persons
                burst["reads"] += 1
            else:
                yield from flush()
                burst = {"start": recent[0][0], "end": at, "persons": persons, "reads": len(recent)}
    yield from flush()


def _burst_row(burst: dict[str, Any]) -> UnusualAccess:
    return UnusualAccess(
        kind=KIND_MANY,
        username="",
        full_name="",
        start=burst["start"],
        end=burst["end"],
        persons=len(burst["persons"]),
        reads=burst["reads"],
        detail=str(
            _("More than %(n)s persons within %(m)s minutes")
            % {
                "n": settings.PCMT_UNUSUAL_READS_PERSONS,
                "m": settings.PCMT_UNUSUAL_READS_MINUTES,
            }
        ),
    )


def is_working_time(at: datetime.datetime, calendar: Any) -> bool:
    local = timezone.localtime(at)
    opens, closes = settings.PCMT_WORKING_HOURS
    return bool(calendar.is_working_day(local.date()) and opens <= local.hour < closes)


def _off_hours(officer: Any, found: UnusualFilter) -> Iterator[tuple[int, UnusualAccess]]:
    """Reads outside working time, one row per user and day."""
    calendar = working_calendar(found.day_from, found.day_to)
    days: dict[tuple[int, datetime.date], dict[str, Any]] = {}
    for actor_id, at, subject_id in _read_rows(officer, found):
        if is_working_time(at, calendar):
            continue
        key = (actor_id, timezone.localtime(at).date())
        day = days.setdefault(key, {"start": at, "end": at, "persons": set(), "reads": 0})
        day["end"] = at
        day["persons"].add(subject_id)
        day["reads"] += 1
    for (actor_id, local_day), day in days.items():
        working = calendar.is_working_day(local_day)
        yield (
            actor_id,
            UnusualAccess(
                kind=KIND_OFF_HOURS,
                username="",
                full_name="",
                start=day["start"],
                end=day["end"],
                persons=len(day["persons"]),
                reads=day["reads"],
                detail=str(_("Outside working hours") if working else _("On a day off")),
            ),
        )


def _emergencies(officer: Any, found: UnusualFilter) -> Iterator[tuple[int, UnusualAccess]]:
    start, end = _bounds(found)
    grants = EmergencyAccess.objects.filter(
        user__agency__unit__province_code=province_code_of(officer),
        starts_at__gte=start,
        starts_at__lt=end,
    ).select_related("reviewed_by")
    if found.username:
        grants = grants.filter(user__username=found.username)
    for grant in grants:
        reviewed = (
            f"{_('reviewed by %(user)s') % {'user': grant.reviewed_by.get_username()}}: "
            f"{grant.review_note}"
            if grant.reviewed_by is not None
            else _("not reviewed")
        )
        yield (
            grant.user_id,
            UnusualAccess(
                kind=KIND_EMERGENCY,
                username="",
                full_name="",
                start=grant.starts_at,
                end=grant.ends_at,
                persons=1,
                reads=grant_reads(grant),
                detail=f"#{grant.person_id} · {grant.get_reason_display()}: {grant.detail}"
                f" ({reviewed})",
            ),
        )


def unusual_access(officer: Any, found: UnusualFilter) -> list[UnusualAccess]:
    """The signs of unusual access in the officer's province between two days, newest first."""
    sources = {KIND_MANY: _bursts, KIND_OFF_HOURS: _off_hours, KIND_EMERGENCY: _emergencies}
    found_rows: list[tuple[int, UnusualAccess]] = []
    for kind, source in sources.items():
        if not found.kind or found.kind == kind:
            found_rows.extend(source(officer, found))
    names = _names({actor_id for actor_id, _row in found_rows})
    rows = [
        UnusualAccess(
            **{
                **row.__dict__,
                "username": names.get(actor_id, ("", ""))[0],
                "full_name": names.get(actor_id, ("", ""))[1],
            }
        )
        for actor_id, row in found_rows
    ]
    return sorted(rows, key=lambda r: (r.start, r.kind), reverse=True)
