"""What every place registry shares: text cleaning, the location check, dated periods,
the registration event, the event hook of the lifecycles and the version check.

Hotspots, incidents, key areas, businesses and drug-free units all write through these, so
each rule exists once.
"""

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import F, Q

from pcmt.audit.services import event_record
from pcmt.core.errors import DomainError, StaleVersion
from pcmt.geo.location import LocationCheck, location_check
from pcmt.geo.models import AdminUnit, Village


class LocationNeedsReason(DomainError):
    """The point lies outside the commune: the officer checks it or gives a reason."""

    def __init__(self, check: LocationCheck) -> None:
        warning = check.warnings[0]
        super().__init__(warning.code, warning.message, warning.field)
        self.check = check


def text(value: Any) -> str:
    """Blanks collapsed: what every text field of a place stores."""
    return " ".join(str(value or "").split())


def iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def plain(value: Any) -> Any:
    """A value as the event log keeps it (dates ISO, numbers and records as text)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, AdminUnit):
        return value.code
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Decimal):
        return str(value)
    return value


def active_on(day: datetime.date, start: str = "started_on", end: str = "ended_on") -> Q:
    """Started on or before `day` and not ended by then: ending on `day` counts as ended."""
    return Q(**{f"{start}__lte": day}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": day}))


def period_move(periods: Any, *, status: str, day: datetime.date) -> None:
    """Close the open period (a related manager of `StatePeriod` rows) on `day`, open `status`."""
    periods.filter(ended_on__isnull=True).update(ended_on=day)
    periods.create(status=status, started_on=day)


def located(
    *,
    commune: AdminUnit,
    village: Village | None = None,
    address: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    location_override_reason: str = "",
) -> dict[str, Any]:
    """The `Located` fields, once the point is checked against the commune's boundary.

    A point outside the commune raises `LocationNeedsReason` unless a reason is given; the
    reason is kept only when the point does lie outside.
    """
    reason = text(location_override_reason)
    checked = location_check(
        commune=commune,
        village=village,
        latitude=latitude,
        longitude=longitude,
        override_reason=reason,
    )
    if checked.needs_reason:
        raise LocationNeedsReason(checked)
    return {
        "commune": commune,
        "village": village,
        "address": text(address),
        "latitude": latitude,
        "longitude": longitude,
        "location_override_reason": reason if checked.status == "outside" else "",
    }


def created_changes(values: dict[str, Any]) -> dict[str, Any]:
    """The registration event's changes: every field given, from nothing to its value."""
    changes = {}
    for field, value in values.items():
        kept = plain(value)
        if kept is not None and kept is not False:
            changes[field] = [None, kept]
    return changes


def version_check(record: models.Model, version: int | None) -> None:
    """A save names the version it edited; a newer one is `stale_version` (None: no check)."""
    current = int(getattr(record, "version", 1))
    if version is not None and version != current:
        raise StaleVersion(current)


def _fields_of(model: type[models.Model]) -> set[str]:
    return {f.name for f in model._meta.concrete_fields}


def recorder(stream: str) -> Callable[..., None]:
    """The lifecycles' event hook for a place stream.

    A step that changes the record's own fields raises its version in the same transaction,
    so an edit form opened before the step is refused rather than overwriting it.
    """

    def record(
        subject: models.Model, actor: Any, action: str, changes: dict[str, Any], note: str
    ) -> None:
        changes = dict(changes)
        if hasattr(subject, "version") and set(changes) & _fields_of(type(subject)):
            type(subject)._default_manager.filter(pk=subject.pk).update(version=F("version") + 1)
            old = int(subject.version)
            subject.version = old + 1
            changes["version"] = [old, old + 1]
        event_record(
            stream=stream,
            subject_id=subject.pk,
            actor=actor,
            action=action,
            changes=changes,
            note=note,
        )

    return record


def record_update(
    *,
    stream: str,
    record: models.Model,
    actor: Any,
    action: str,
    values: dict[str, Any],
    version: int | None,
    note: str = "",
) -> dict[str, Any]:
    """Set the changed fields, raise the version and write one event (field: old → new).

    The caller holds the row locked in a transaction. Returns the changes (empty when
    nothing changed: then nothing is written).
    """
    version_check(record, version)
    changes = {}
    for field, value in values.items():
        old = getattr(record, field)
        if plain(old) != plain(value):
            setattr(record, field, value)
            # Derived columns (sort keys) follow their field without a line of their own.
            if record._meta.get_field(field).editable:
                changes[field] = [plain(old), plain(value)]
    if not changes:
        return changes
    old_version = int(getattr(record, "version", 1))
    record.version = old_version + 1  # type: ignore[attr-defined]
    record.save()
    changes["version"] = [old_version, old_version + 1]
    event_record(
        stream=stream,
        subject_id=record.pk,
        actor=actor,
        action=action,
        changes=changes,
        note=note,
    )
    return changes
