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
    place_writable_get,
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


def outreach_can_write(user: Any, commune: AdminUnit | None = None) -> bool:
    return place_can_write(user, commune)


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


def targets_readable(
    user: Any, commune: AdminUnit | None = None
) -> tuple[QuerySet[School], QuerySet[IndustrialZone]]:
    """The schools and industrial zones the user may read, by commune then name."""
    schools = place_readable(School, user)
    zones = place_readable(IndustrialZone, user)
    if commune is not None:
        schools, zones = schools.filter(commune=commune), zones.filter(commune=commune)
    order = ("commune__name", "name", "pk")
    return schools.order_by(*order), zones.order_by(*order)


def school_writable_get(user: Any, pk: int) -> School:
    return place_writable_get(School, user, pk)


def industrial_zone_writable_get(user: Any, pk: int) -> IndustrialZone:
    return place_writable_get(IndustrialZone, user, pk)


def outreach_writable_get(user: Any, pk: int) -> OutreachActivity:
    return place_writable_get(OutreachActivity, user, pk)


def outreach_targets_of(activity: OutreachActivity) -> dict[str, QuerySet[Any]]:
    """For an edit: the activity's commune, its active targets and those the activity named
    (kept even once taken off the list)."""
    commune = activity.commune_id

    def listed(model: Any, chosen: Any) -> QuerySet[Any]:
        return model.objects.filter(
            Q(commune_id=commune, is_active=True) | Q(pk__in=chosen.values("pk"))
        ).order_by("name")

    return {
        "communes": AdminUnit.objects.filter(pk=commune),
        "schools": listed(School, activity.schools),
        "villages": listed(Village, activity.villages),
        "industrial_zones": listed(IndustrialZone, activity.industrial_zones),
    }
