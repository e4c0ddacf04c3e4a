"""Reads of outreach: the units each activity reached, as of any day."""

import datetime

from django.db.models import Exists, OuterRef, Q

from pcmt.outreach.models import OutreachActivity


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
