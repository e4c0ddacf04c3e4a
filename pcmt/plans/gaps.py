"""Gaps in management (Plan 174): per commune, the records the law or the plans say should
have something they lack, counted for every reader of aggregates and listed for readers of
names. The lines about persons reuse the indicator library's definitions, read on one day;
overdue deadlines are the worklist's own items (`core.extensions.worklist_sections`) past
their date, one line per kind; the review round's line reads the stored results of its
latest linking (`reconcile.RunPerson`)."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.models import DataRole
from pcmt.accounts.scope import Scope
from pcmt.audit.reads import reads_note, reads_unrecorded
from pcmt.casework.models import ManagementStatus, UserManagement
from pcmt.casework.selectors import worklist_queries
from pcmt.census.models import Round
from pcmt.core.extensions import WorkItem, worklist_sections
from pcmt.geo.models import Village
from pcmt.persons.models import Person
from pcmt.plans import indicators
from pcmt.plans.indicators import Period
from pcmt.reconcile.models import LinkRun, RunPerson
from pcmt.rehab.models import PostRehab, RehabEndReason

# Worklist items read per kind at most: a province's whole worklist (as the daily alerts).
WORKLIST_LIMIT = 10_000
OVERDUE_PREFIX = "overdue:"


@dataclass(frozen=True)
class GapRecord:
    """One record behind a line, as the drill-down shows it."""

    name: str
    commune: str
    detail: str = ""
    person_id: int | None = None
    due: datetime.date | None = None
    url: str = ""


@dataclass(frozen=True)
class GapLine:
    key: str
    label: str | Promise
    # Lines about registry persons; the others give their records and count directly.
    persons: Callable[[Scope, datetime.date], QuerySet[Person]] | None = None
    found: Callable[[Scope, datetime.date], list[GapRecord]] | None = None
    counted: int | None = None

    def count(self, scope: Scope, day: datetime.date) -> int:
        if self.counted is not None:
            return self.counted
        if self.persons is not None:
            return self.persons(scope, day).count()
        return len(self.records(scope, day))

    def records(self, scope: Scope, day: datetime.date, limit: int = 500) -> list[GapRecord]:
        if self.persons is not None:
            persons = self.persons(scope, day).select_related("managing_commune")
            persons = persons.order_by("managing_commune__name", "full_name", "pk")[:limit]
            return [
                GapRecord(
                    p.full_name,
                    p.managing_commune.name,
                    person_id=p.pk,
                    url=reverse("person_detail", kwargs={"pk": p.pk}),
                )
                for p in persons
            ]
        assert self.found is not None
        shown = self.found(scope, day)[:limit]
        # Worklist items are read as values (and counted unrecorded): name those shown.
        reads_note("person", {r.person_id for r in shown if r.person_id is not None})
        return shown


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


def _address_unresolved(scope: Scope, day: datetime.date) -> QuerySet[Person]:
    """No address at all; a permanent address with no commune; or a residence placed in no
    village or residential group of a commune that keeps their list."""
    listed = Village.objects.filter(commune=OuterRef("current_commune"), is_active=True)
    return indicators.on_record_on(scope, day).filter(
        Q(current_address="", permanent_address="")
        | (~Q(permanent_address="") & Q(permanent_commune__isnull=True))
        | (Q(current_village__isnull=True) & Exists(listed))
    )


# --- overdue deadlines, by kind: the worklist's items past their date -----------------------


def _reading(scope: Scope) -> Scope:
    """The scope that reads the worklist's rows for a count: analysts get the number only."""
    if scope.can_read_persons or not scope.can_read_aggregates:
        return scope
    return replace(scope, role=DataRole.SUPERVISOR)


def overdue_by_kind(scope: Scope, day: datetime.date) -> list[tuple[str, str, list[WorkItem]]]:
    """(key, title, overdue items) of each worklist kind with an item due before the day."""
    reading = _reading(scope)
    with reads_unrecorded():  # only counted here; the drill-down names what it shows
        sections = worklist_sections(
            reading,
            day,
            WORKLIST_LIMIT,
            before=worklist_queries(reading, day, WORKLIST_LIMIT),
        )
    found = []
    for section in sections:
        late = [item for item in section.items if item.overdue_on(day)]
        if late:
            found.append((section.key, section.title, late))
    return found


def _overdue_line(key: str, title: str, items: list[WorkItem]) -> GapLine:
    records = [
        GapRecord(i.person_name, i.commune_name, i.label, i.person_id, i.due, i.url)
        for i in sorted(items, key=lambda i: (i.due or datetime.date.min, i.person_name))
    ]
    return GapLine(
        OVERDUE_PREFIX + key,
        _("Overdue: %(kind)s") % {"kind": title},
        found=lambda scope, day: records,
        counted=len(records),
    )


# --- the latest review round's lists against the registry ----------------------------------


def latest_linked_round(scope: Scope, day: datetime.date) -> tuple[Round, LinkRun] | None:
    """The latest round of the scope's province, cut off by the day, whose lists were linked
    against the registry, with its latest finished linking."""
    from pcmt.census.selectors import rounds_visible

    rounds = rounds_visible(scope).filter(cutoff_date__lte=day).order_by("-cutoff_date", "-pk")
    for round_ in rounds[:20]:
        run = (
            LinkRun.objects.filter(round=round_, finished_at__isnull=False)
            .order_by("-finished_at", "-pk")
            .first()
        )
        if run is not None:
            return round_, run
    return None


def _not_in_registry(scope: Scope, day: datetime.date) -> QuerySet[RunPerson]:
    latest = latest_linked_round(scope, day)
    if latest is None:
        return RunPerson.objects.none()
    _round, run = latest
    rows = RunPerson.objects.filter(run=run, person__isnull=True)
    if scope.commune_id is not None:
        return rows.filter(commune_id=scope.commune_id)
    # The whole province: also the rows whose address named no commune.
    return rows.filter(Q(commune__parent_id=scope.province_id) | Q(commune__isnull=True))


def _not_in_registry_records(scope: Scope, day: datetime.date) -> list[GapRecord]:
    latest = latest_linked_round(scope, day)
    if latest is None:
        return []
    round_, _run = latest
    url = reverse("round_detail", kwargs={"round_pk": round_.pk})
    rows = _not_in_registry(scope, day).select_related("commune")
    return [
        GapRecord(
            row.name,
            row.commune.name if row.commune else "",
            " · ".join(part for part in (row.birth, row.category_label, str(round_)) if part),
            url=url,
        )
        for row in rows.order_by("commune_code", "name", "cluster")[:WORKLIST_LIMIT]
    ]


class _RoundLine(GapLine):
    def count(self, scope: Scope, day: datetime.date) -> int:
        with reads_unrecorded():
            return _not_in_registry(scope, day).count()


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
    _RoundLine(
        "not_in_registry",
        _("Persons in the latest review round's lists not in the registry"),
        found=_not_in_registry_records,
    ),
    GapLine("without_id", _("Persons on record with no ID number"), _without_id),
    GapLine(
        "address_unresolved",
        _("Persons on record whose address did not resolve to a unit"),
        _address_unresolved,
    ),
]


def gap_lines(scope: Scope, day: datetime.date) -> list[GapLine]:
    """The fixed lines, then one line per kind of overdue deadline found on the day."""
    overdue = [_overdue_line(*found) for found in overdue_by_kind(scope, day)]
    return [*GAP_LINES[:3], *overdue, *GAP_LINES[3:]]


def gap_line(
    key: str, scope: Scope | None = None, day: datetime.date | None = None
) -> GapLine | None:
    """A line by its key; the overdue kinds need the scope and the day they are read for."""
    if key.startswith(OVERDUE_PREFIX) and scope is not None and day is not None:
        return next((line for line in gap_lines(scope, day) if line.key == key), None)
    return next((line for line in GAP_LINES if line.key == key), None)


def gap_counts(scope: Scope, day: datetime.date) -> list[tuple[GapLine, int]]:
    """Each line with its number of records in the scope on the day."""
    return [(line, line.count(scope, day)) for line in gap_lines(scope, day)]


def gap_scope(scope: Scope, commune: Any) -> Scope:
    """The scope narrowed to one of its communes (the caller checked it is in the scope)."""
    return replace(scope, province_id=None, commune_id=commune.pk) if commune else scope
