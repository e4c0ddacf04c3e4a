"""Reads of the event log: a subject's timeline and the province's audit stream."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from pcmt.audit.models import Event


def events_of(stream: str, subject_id: int | None) -> QuerySet[Event]:
    """One subject's timeline, oldest first."""
    return Event.objects.of(stream, subject_id)


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""  # a username
    action: str = ""
    stream: str = ""
    subject_id: int | None = None
    day_from: datetime.date | None = None
    day_to: datetime.date | None = None


def audit_stream(found: AuditFilter) -> QuerySet[Event]:
    """Every event of the province (one deployment serves one province), newest first."""
    events = Event.objects.select_related("actor").order_by("-at", "-pk")
    if found.actor:
        events = events.filter(actor__username=found.actor)
    if found.action:
        events = events.filter(action=found.action)
    if found.stream:
        events = events.filter(stream=found.stream)
    if found.subject_id is not None:
        events = events.filter(subject_id=found.subject_id)
    if found.day_from:
        events = events.filter(at__date__gte=found.day_from)
    if found.day_to:
        events = events.filter(at__date__lte=found.day_to)
    return events
