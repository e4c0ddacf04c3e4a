"""Casework reads: a person's episodes and the worklist of a jurisdiction."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.scope import Scope
from pcmt.casework.models import (
    AddictionDetermination,
    DeterminationStatus,
    ManagementStatus,
    SubstitutionTherapy,
    UserManagement,
)
from pcmt.core.errors import NotFound
from pcmt.core.extensions import Deadline
from pcmt.rules import law_title

# Periods ending within this many days are listed on the worklist.
ENDING_SOON_DAYS = 30


def managements_visible(scope: Scope) -> QuerySet[UserManagement]:
    if not scope.can_read_persons:
        return UserManagement.objects.none()
    return UserManagement.objects.filter(scope.person_q("person__"))


def management_get(*, scope: Scope, pk: object) -> UserManagement:
    try:
        return (
            managements_visible(scope)
            .select_related("person", "positive_test")
            .get(pk=int(str(pk)))
        )
    except (UserManagement.DoesNotExist, ValueError) as exc:
        raise NotFound() from exc


def determinations_visible(scope: Scope) -> QuerySet[AddictionDetermination]:
    if not scope.can_read_persons:
        return AddictionDetermination.objects.none()
    return AddictionDetermination.objects.filter(scope.person_q("person__"))


def determination_get(*, scope: Scope, pk: object) -> AddictionDetermination:
    try:
        return determinations_visible(scope).select_related("person").get(pk=int(str(pk)))
    except (AddictionDetermination.DoesNotExist, ValueError) as exc:
        raise NotFound() from exc


@dataclass
class Worklist:
    decisions_due: list[UserManagement]
    periods_ending: list[UserManagement]
    determinations: list[AddictionDetermination]
    by_commune: list[dict[str, Any]]
    today: datetime.date

    @property
    def count(self) -> int:
        return len(self.decisions_due) + len(self.periods_ending) + len(self.determinations)


def worklist_for(scope: Scope, *, limit: int = 50) -> Worklist:
    """What is due or overdue in the jurisdiction, oldest first, with counts by commune."""
    today = timezone.localdate()
    managements = managements_visible(scope).select_related("person__managing_commune")
    due = managements.filter(status=ManagementStatus.AWAITING_DECISION).order_by("decision_due")
    ending = managements.filter(
        status=ManagementStatus.ACTIVE,
        period_end__lte=today + datetime.timedelta(days=ENDING_SOON_DAYS),
    ).order_by("period_end")
    by_commune: list[dict[str, Any]] = [
        dict(row)
        for row in managements.filter(status=ManagementStatus.AWAITING_DECISION)
        .values("person__managing_commune__name")
        .annotate(decisions=Count("pk"))
        .order_by("-decisions")[:20]
    ]
    determinations = (
        determinations_visible(scope)
        .exclude(status=DeterminationStatus.DETERMINED)
        .select_related("person__managing_commune")
        .order_by("required_on")
    )
    return Worklist(
        list(due[:limit]), list(ending[:limit]), list(determinations[:limit]), by_commune, today
    )


def person_episodes(person_id: int) -> dict[str, Any]:
    """A person's drug tests and user managements, newest first (caller checked access)."""
    from pcmt.casework.models import DrugTest

    return {
        "drug_tests": list(DrugTest.objects.filter(person_id=person_id)),
        "managements": list(UserManagement.objects.filter(person_id=person_id)),
        "determinations": list(AddictionDetermination.objects.filter(person_id=person_id)),
        "therapies": list(SubstitutionTherapy.objects.filter(person_id=person_id)),
    }


def therapy_get(*, scope: Scope, pk: object) -> SubstitutionTherapy:
    if not scope.can_read_persons:
        raise NotFound()
    try:
        return (
            SubstitutionTherapy.objects.filter(scope.person_q("person__"))
            .select_related("person")
            .get(pk=int(str(pk)))
        )
    except (SubstitutionTherapy.DoesNotExist, ValueError) as exc:
        raise NotFound() from exc


def casework_deadlines(person: Any) -> list[Deadline]:
    """Open legal deadlines of a person's user managements."""
    found: list[Deadline] = []
    for management in UserManagement.objects.filter(
        person=person, status__in=[ManagementStatus.AWAITING_DECISION, ManagementStatus.ACTIVE]
    ):
        rule = law_title(management.law_code)
        if management.status == ManagementStatus.AWAITING_DECISION:
            found.append(Deadline(management.decision_due, str(_("Management decision")), rule))
        elif management.period_end is not None:
            found.append(Deadline(management.period_end, str(_("User management ends")), rule))
    return found
