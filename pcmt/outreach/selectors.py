"""Reads of outreach: the units each activity reached, as of any day."""

import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from pcmt.geo.models import AdminUnit, Village
from pcmt.outreach.models import IndustrialZone, OutreachActivity, School
from pcmt.places.selectors import (
    place_can_read,
    place_can_write,
    place_get,
    place_readable,
    place_writable_communes,
)


def school_reached_between(start: datetime.date, end: datetime.date) -> Q:
    """A filter on schools: reached by an activity held from `start` to `end`."""
    held = OutreachActivity.objects.filter(
        schools=OuterRef("pk"), held_on__gte=start, held_on__lte=end
    )
    return Q(Exists(held))


def village_reached_between(start: datetime.date, end: datetime.date) -> Q:
    """A filter on residential groups and villages: reached from `start` to `end`."""
    held = OutreachActivity.objects.filter(
        villages=OuterRef("pk"), held_on__gte=start, held_on__lte=end
    )
    return Q(Exists(held))


def outreach_can_read(user: Any) -> bool:
    """Outreach is kept under the places' need-to-know rule."""
    return place_can_read(user)


def outreach_can_write(user: Any) -> bool:
    return place_can_write(user)


def outreach_list(
    user: Any,
    *,
    commune: AdminUnit | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    topic: str = "",
) -> QuerySet[OutreachActivity]:
    """Activities the user may read, newest first, filtered."""
    found = place_readable(OutreachActivity, user).select_related("commune")
    if commune is not None:
        found = found.filter(commune=commune)
    if since is not None:
        found = found.filter(held_on__gte=since)
    if until is not None:
        found = found.filter(held_on__lte=until)
    if topic:
        # The list as JSON text holds each code in quotes (SQLite has no JSON containment).
        found = found.filter(topics__icontains=f'"{topic}"')
    return found.order_by("-held_on", "-pk")


def outreach_get(user: Any, pk: int) -> OutreachActivity:
    return place_get(OutreachActivity, user, pk)


def outreach_targets(user: Any) -> dict[str, QuerySet[Any]]:
    """The schools, villages and industrial zones of the communes the user writes for."""
    communes = place_writable_communes(user)
    return {
        "communes": communes,
        "schools": School.objects.filter(commune__in=communes, is_active=True).order_by("name"),
        "villages": Village.objects.filter(commune__in=communes, is_active=True).order_by("name"),
        "industrial_zones": IndustrialZone.objects.filter(
            commune__in=communes, is_active=True
        ).order_by("name"),
    }
