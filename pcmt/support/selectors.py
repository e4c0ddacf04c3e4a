"""Support reads: a person's records, the worklist sections and the services indicator."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from pcmt.accounts.scope import Scope
from pcmt.core.errors import NotFound
from pcmt.core.extensions import Deadline, WorkItem, person_records
from pcmt.core.worklists import WorklistQuery, as_date
from pcmt.persons.models import Person
from pcmt.rules import law_title
from pcmt.summaries.services import summary_subjects_between
from pcmt.support import deadlines
from pcmt.support.models import PrisonRelease, ServiceReceived, Summons, SummonsStatus
from pcmt.support.summaries import RECORD, SERVED, SERVICES_REACHED


def services_visible(scope: Scope) -> QuerySet[ServiceReceived]:
    if not scope.can_read_persons:
        return ServiceReceived.objects.none()
    return ServiceReceived.objects.filter(scope.person_q("person__"))


def releases_visible(scope: Scope) -> QuerySet[PrisonRelease]:
    if not scope.can_read_persons:
        return PrisonRelease.objects.none()
    return PrisonRelease.objects.filter(scope.person_q("person__"))


def release_get(*, scope: Scope, pk: object) -> PrisonRelease:
    try:
        return releases_visible(scope).select_related("person").get(pk=int(str(pk)))
    except (PrisonRelease.DoesNotExist, ValueError) as exc:
        raise NotFound() from exc


def summonses_visible(scope: Scope) -> QuerySet[Summons]:
    if not scope.can_read_persons:
        return Summons.objects.none()
    return Summons.objects.filter(scope.person_q("person__"))


def summons_get(*, scope: Scope, pk: object) -> Summons:
    try:
        return summonses_visible(scope).select_related("person").get(pk=int(str(pk)))
    except (Summons.DoesNotExist, ValueError) as exc:
        raise NotFound() from exc


def person_support(person: Person) -> dict[str, Any]:
    """A person's support records, newest first (the caller checked access); read once for
    the page, its section and its deadlines."""

    def read() -> dict[str, Any]:
        summonses = list(person.summonses.select_related("management"))
        outcomes = [
            s.status for s in sorted(summonses, key=lambda s: (s.appear_on, s.pk), reverse=True)
        ]
        return {
            "services": list(person.services.all()),
            "releases": list(person.prison_releases.select_related("return_commune")),
            "summonses": summonses,
            "check_ins": list(person.check_ins.all()),
            "missed_in_a_row": deadlines.missed_in_a_row(outcomes),
        }

    return person_records(person, "support", read)


# The worklist sections


def _person_url(person_id: int) -> str:
    return reverse("person_detail", kwargs={"pk": person_id})


def summonses_due_section(scope: Scope, today: datetime.date, limit: int) -> WorklistQuery:
    """Summonses whose day has come, attendance not yet recorded."""
    due = (
        summonses_visible(scope)
        .filter(status=SummonsStatus.PENDING, appear_on__lte=today)
        .order_by("appear_on", "pk")
    )

    def item(s: dict[str, Any]) -> WorkItem:
        return WorkItem(
            person_id=s["person_id"],
            person_name=s["person_name"],
            commune_name=s["commune_name"],
            label=_("Record attendance: %(purpose)s at %(place)s")
            % {"purpose": s["purpose"], "place": s["place"]},
            due=as_date(s["appear_on"]),
            url=_person_url(s["person_id"]),
        )

    return WorklistQuery(
        key="summonses-due",
        title=_("Summonses due or overdue without attendance"),
        rows=due,
        fields={
            "person_id": F("person_id"),
            "person_name": F("person__full_name"),
            "commune_name": F("person__managing_commune__name"),
            "purpose": F("purpose"),
            "place": F("place"),
            "appear_on": F("appear_on"),
        },
        item=item,
        limit=limit,
    )


def releases_to_receive_section(scope: Scope, today: datetime.date, limit: int) -> WorklistQuery:
    """Released drug offenders the commune has not met yet."""
    pending = (
        releases_visible(scope).filter(first_contact_on__isnull=True).order_by("contact_due", "pk")
    )

    def item(r: dict[str, Any]) -> WorkItem:
        released_on = as_date(r["released_on"])
        return WorkItem(
            person_id=r["person_id"],
            person_name=r["person_name"],
            commune_name=r["commune_name"],
            label=_("Released on %(day)s from %(facility)s: record the first contact")
            % {
                "day": released_on.strftime("%d/%m/%Y") if released_on else "",
                "facility": r["facility"],
            },
            due=as_date(r["contact_due"]),
            url=_person_url(r["person_id"]),
        )

    return WorklistQuery(
        key="releases-to-receive",
        title=_("Released persons to receive"),
        rows=pending,
        fields={
            "person_id": F("person_id"),
            "person_name": F("person__full_name"),
            "commune_name": F("return_commune__name"),
            "released_on": F("released_on"),
            "facility": F("facility"),
            "contact_due": F("contact_due"),
        },
        item=item,
        commune="return_commune__name",
        limit=limit,
    )


def repeated_absence_persons(scope: Scope) -> QuerySet[Any]:
    """Persons whose last summonses (excused ones aside) were all missed."""
    if not scope.can_read_persons:
        return Person.objects.none()
    decided = Summons.objects.filter(
        person=OuterRef("pk"), status__in=[SummonsStatus.ATTENDED, SummonsStatus.ABSENT]
    ).order_by("-appear_on", "-pk")
    absent = Summons.objects.filter(status=SummonsStatus.ABSENT)
    persons = Person.objects.filter(scope.person_q(), pk__in=absent.values("person_id"))
    conditions: dict[str, Any] = {}
    for index in range(deadlines.MISSED_IN_A_ROW):
        name = f"outcome_{index}"
        persons = persons.annotate(**{name: Subquery(decided.values("status")[index : index + 1])})
        conditions[name] = SummonsStatus.ABSENT
    last_missed = Summons.objects.filter(
        person=OuterRef("pk"), status=SummonsStatus.ABSENT
    ).order_by("-appear_on", "-pk")
    return persons.filter(**conditions).annotate(
        last_missed=Subquery(last_missed.values("appear_on")[:1])
    )


def repeated_absence_section(scope: Scope, today: datetime.date, limit: int) -> WorklistQuery:
    """Persons whose last summonses were all missed, the latest miss first."""

    def item(p: dict[str, Any]) -> WorkItem:
        last = as_date(p["last_missed"])
        return WorkItem(
            person_id=p["person_id"],
            person_name=p["person_name"],
            commune_name=p["commune_name"],
            label=_("%(n)s summonses missed in a row, the last on %(day)s")
            % {"n": deadlines.MISSED_IN_A_ROW, "day": last.strftime("%d/%m/%Y") if last else ""},
            due=None,
            url=_person_url(p["person_id"]),
        )

    return WorklistQuery(
        key="repeated-absence",
        title=_("Repeated non-attendance"),
        rows=repeated_absence_persons(scope).order_by("-last_missed", "pk"),
        fields={
            "person_id": F("pk"),
            "person_name": F("full_name"),
            "commune_name": F("managing_commune__name"),
            "last_missed": F("last_missed"),
        },
        item=item,
        commune="managing_commune__name",
        limit=limit,
    )


# The indicator "persons with records who reached services"


@dataclass(frozen=True)
class Reach:
    """Persons with records in a window, and how many of them received a service."""

    code: str
    name: str
    persons: int
    reached: int

    @property
    def rate(self) -> float | None:
        return round(self.reached / self.persons, 4) if self.persons else None

    @property
    def percent(self) -> float | None:
        return round(self.reached * 100 / self.persons, 1) if self.persons else None


@dataclass(frozen=True)
class ServicesReached:
    start: datetime.date
    end: datetime.date
    communes: list[Reach]
    total: Reach


def services_reached(scope: Scope, start: datetime.date, end: datetime.date) -> ServicesReached:
    """Per commune of the scope and in total: persons with a category period open at some
    time in [start, end], and those of them who received a service in [start, end].

    Persons are counted in their managing commune; counts only, never names.
    """
    if not scope.can_read_aggregates:
        raise NotFound()
    units = list(scope.communes().order_by("code").values_list("pk", "code", "name"))
    # The summary kept with every write (pcmt.support.summaries), never the periods.
    counts = summary_subjects_between(
        SERVICES_REACHED,
        key=RECORD,
        also=SERVED,
        commune_ids=[pk for pk, _code, _name in units],
        start=start,
        end=end,
    )
    communes = [Reach(code, name, *counts.get(pk, (0, 0))) for pk, code, name in units]
    # The total is the sum of the rows shown, nothing else.
    total = Reach(
        code="",
        name=_("Total"),
        persons=sum(row.persons for row in communes),
        reached=sum(row.reached for row in communes),
    )
    return ServicesReached(start=start, end=end, communes=communes, total=total)


def support_deadlines(person: Any) -> list[Deadline]:
    """Summonses awaiting the person, and the first contact after a prison release."""
    records = person_support(person)
    found = [
        Deadline(summons.appear_on, str(_("Summons: to appear")), law_title(summons.law_code))
        for summons in records["summonses"]
        if summons.status == SummonsStatus.PENDING
    ]
    found += [
        Deadline(release.contact_due, str(_("First contact after prison release")))
        for release in records["releases"]
        if release.first_contact_on is None
    ]
    return found
