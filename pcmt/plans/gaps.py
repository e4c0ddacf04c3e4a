"""Gaps in management (Plan 174): per commune, the records the law or the plans say should
have something they lack, counted for every reader of aggregates and listed for readers of
names. Each line reuses the indicator library's definitions, read on one day."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.scope import Scope
from pcmt.casework.models import ManagementStatus, UserManagement
from pcmt.persons.models import Person
from pcmt.plans import indicators
from pcmt.plans.indicators import Period
from pcmt.rehab.models import PostRehab, RehabEndReason


@dataclass(frozen=True)
class GapLine:
    key: str
    label: str | Promise
    persons: Callable[[Scope, datetime.date], QuerySet[Person]]


def _decision_overdue(scope: Scope, day: datetime.date) -> QuerySet[Person]:
    """A positive test whose management decision is past its legal deadline."""
    overdue = UserManagement.objects.filter(
        person=OuterRef("pk"), status=ManagementStatus.AWAITING_DECISION, decision_due__lt=day
    )
    return indicators.persons_managed_in(scope).filter(Exists(overdue))


def _dependent_without_rehab(scope: Scope, day: datetime.date) -> QuerySet[Person]:
    period = Period(day, day)
    return indicators.dependent_at_end(scope, period).exclude(
        indicators.in_rehab_at_end(scope, period)
    )


def _completed_without_post_rehab(scope: Scope, day: datetime.date) -> QuerySet[Person]:
    completed = indicators.episodes_in(scope).filter(
        end_reason=RehabEndReason.COMPLETED, ended_on__lte=day
    )
    followed = PostRehab.objects.filter(episode=OuterRef("pk"))
    lacking = completed.exclude(Exists(followed)).values("person_id")
    return indicators.persons_managed_in(scope).filter(pk__in=lacking)


def _without_id(scope: Scope, day: datetime.date) -> QuerySet[Person]:
    return indicators.on_record_on(scope, day).filter(id_number_hash="")


def _without_address(scope: Scope, day: datetime.date) -> QuerySet[Person]:
    return indicators.on_record_on(scope, day).filter(
        Q(current_address="") & Q(permanent_address="")
    )


GAP_LINES = [
    GapLine(
        "decision_overdue",
        _("Detected users with no management decision by the legal deadline"),
        _decision_overdue,
    ),
    GapLine(
        "dependent_without_rehab",
        _("Dependent persons in no form of rehab"),
        _dependent_without_rehab,
    ),
    GapLine(
        "completed_without_post_rehab",
        _("Rehab completers with no post-rehab record"),
        _completed_without_post_rehab,
    ),
    GapLine("without_id", _("Persons on record with no ID number"), _without_id),
    GapLine("without_address", _("Persons on record with no address"), _without_address),
]


def gap_line(key: str) -> GapLine | None:
    return next((line for line in GAP_LINES if line.key == key), None)


def gap_counts(scope: Scope, day: datetime.date) -> list[tuple[GapLine, int]]:
    """Each line with its number of persons in the scope on the day."""
    return [(line, line.persons(scope, day).count()) for line in GAP_LINES]


def gap_scope(scope: Scope, commune: Any) -> Scope:
    """The scope narrowed to one of its communes (the caller checked it is in the scope)."""
    return replace(scope, province_id=None, commune_id=commune.pk) if commune else scope
