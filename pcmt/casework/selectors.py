"""Casework reads: a person's episodes and the worklist of a jurisdiction."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.scope import Scope
from pcmt.casework.models import (
    AddictionDetermination,
    DeterminationStatus,
    DeterminationTrigger,
    ManagementStatus,
    SubstitutionTherapy,
    UserManagement,
)
from pcmt.core.errors import NotFound
from pcmt.core.extensions import Deadline, WorkItem, person_records
from pcmt.core.worklists import WorklistQuery, as_date
from pcmt.persons.models import Person
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


def _managements_due(scope: Scope, today: datetime.date) -> QuerySet[UserManagement]:
    return managements_visible(scope).filter(status=ManagementStatus.AWAITING_DECISION)


def _managements_ending(scope: Scope, today: datetime.date) -> QuerySet[UserManagement]:
    return managements_visible(scope).filter(
        status=ManagementStatus.ACTIVE,
        period_end__lte=today + datetime.timedelta(days=ENDING_SOON_DAYS),
    )


def _determinations_open(scope: Scope) -> QuerySet[AddictionDetermination]:
    return determinations_visible(scope).exclude(status=DeterminationStatus.DETERMINED)


def worklist_for(scope: Scope, *, limit: int = 50) -> Worklist:
    """What is due or overdue in the jurisdiction, oldest first, with counts by commune."""
    today = timezone.localdate()
    due = _managements_due(scope, today).select_related("person__managing_commune")
    ending = _managements_ending(scope, today).select_related("person__managing_commune")
    by_commune: list[dict[str, Any]] = [
        dict(row)
        for row in _managements_due(scope, today)
        .values("person__managing_commune__name")
        .annotate(decisions=Count("pk"))
        .order_by("-decisions")[:20]
    ]
    determinations = _determinations_open(scope).select_related("person__managing_commune")
    return Worklist(
        list(due.order_by("decision_due")[:limit]),
        list(ending.order_by("period_end")[:limit]),
        list(determinations.order_by("required_on")[:limit]),
        by_commune,
        today,
    )


_PERSON_FIELDS = {
    "person_id": F("person_id"),
    "person_name": F("person__full_name"),
    "commune_name": F("person__managing_commune__name"),
}


def _item(row: dict[str, Any], label: Any, due: str) -> WorkItem:
    return WorkItem(
        person_id=row["person_id"],
        person_name=row["person_name"],
        commune_name=row["commune_name"],
        label=str(label),
        due=as_date(row[due]),
        url=reverse("person_detail", kwargs={"pk": row["person_id"]}),
    )


def worklist_queries(scope: Scope, today: datetime.date, limit: int = 50) -> list[WorklistQuery]:
    """The casework sections of the home page: decisions to issue, periods ending,
    determinations required; read with every other section (pcmt.core.worklists)."""
    if not scope.can_read_persons:
        return []
    triggers = dict(DeterminationTrigger.choices)
    statuses = dict(DeterminationStatus.choices)
    return [
        WorklistQuery(
            key="decisions-due",
            title=str(_("Management decisions to issue after a positive test")),
            rows=_managements_due(scope, today).order_by("decision_due", "pk"),
            fields={**_PERSON_FIELDS, "due": F("decision_due")},
            item=lambda row: _item(row, _("Decision due"), "due"),
            limit=limit,
        ),
        WorklistQuery(
            key="periods-ending",
            title=str(_("Management periods ending within 30 days")),
            rows=_managements_ending(scope, today).order_by("period_end", "pk"),
            fields={**_PERSON_FIELDS, "due": F("period_end")},
            item=lambda row: _item(row, _("Management until"), "due"),
            limit=limit,
        ),
        WorklistQuery(
            key="determinations-due",
            title=str(_("Addiction determinations required")),
            rows=_determinations_open(scope).order_by("required_on", "pk"),
            fields={
                **_PERSON_FIELDS,
                "due": F("required_on"),
                "trigger": F("trigger"),
                "status": F("status"),
            },
            item=lambda row: _item(
                row,
                f"{triggers.get(row['trigger'], row['trigger'])} · "
                f"{statuses.get(row['status'], row['status'])}",
                "due",
            ),
            limit=limit,
        ),
    ]


def person_episodes(person: Person) -> dict[str, Any]:
    """A person's drug tests and user managements, newest first (caller checked access);
    read once for the page, its section and its deadlines."""

    def read() -> dict[str, Any]:
        return {
            "drug_tests": list(person.drug_tests.all()),
            "managements": list(person.managements.all()),
            "determinations": list(person.determinations.all()),
            "therapies": list(person.therapies.all()),
        }

    return person_records(person, "casework", read)


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
    for management in person_episodes(person)["managements"]:
        if management.status not in (ManagementStatus.AWAITING_DECISION, ManagementStatus.ACTIVE):
            continue
        rule = law_title(management.law_code)
        if management.status == ManagementStatus.AWAITING_DECISION:
            found.append(Deadline(management.decision_due, str(_("Management decision")), rule))
        elif management.period_end is not None:
            found.append(Deadline(management.period_end, str(_("User management ends")), rule))
    return found
