"""Reads of plans and the dashboard: who sees what, targets against actuals, drill-down, tasks.

Access, in one place: every reader of aggregates (officers, supervisors, analysts of any
agency) opens the dashboard of his scope; person indicators are shown to all of them, place
indicators only to those the places' need-to-know rule lets count (`place_can_count`), so
health and social-services users never see hotspots. The records behind a number are shown
to readers of names only (persons: `Scope.can_read_persons`; places: `place_can_read`);
analysts get the numbers. Plans are read by the province's users and by the officers of
the commune a plan is for; outside that a plan is not found.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.models import AgencyKind, DataRole
from pcmt.accounts.scope import Scope, scope_for
from pcmt.audit.reads import reads_unrecorded
from pcmt.core.errors import NotFound
from pcmt.core.extensions import WorkItem
from pcmt.core.worklists import WorklistQuery, as_date, worklist_read
from pcmt.geo.models import AdminUnit
from pcmt.places.selectors import place_access
from pcmt.plans.indicators import (
    PERSONS,
    PLACES,
    Figure,
    Indicator,
    Period,
    Result,
    indicator_get,
    indicators_all,
)
from pcmt.plans.models import (
    AT_LEAST_KINDS,
    OPEN_TASK_STATUSES,
    Comparison,
    Plan,
    PlanTask,
    Target,
    TargetUnit,
)

# Agencies whose officers write the province's plans; commune police write their commune's.
PROVINCE_PLAN_WRITERS = frozenset({AgencyKind.PROVINCIAL_DRUG_UNIT, AgencyKind.STEERING_COMMITTEE})

MET = "met"
ON_TRACK = "on_track"
AT_RISK = "at_risk"
MISSED = "missed"
NO_DATA = "no_data"
STATUS_LABELS = {
    MET: _("met"),
    ON_TRACK: _("on track"),
    AT_RISK: _("at risk"),
    MISSED: _("missed"),
    NO_DATA: _("no data"),
}


# --- access ---------------------------------------------------------------------------------


def indicators_for(user: Any) -> list[Indicator]:
    """The indicators the user may see the numbers of."""
    scope = scope_for(user)
    if not scope.can_read_aggregates:
        return []
    counts_places = place_access(user).counts
    return [
        i
        for i in indicators_all()
        if i.subject == PERSONS or (i.subject == PLACES and counts_places)
    ]


def indicator_for(user: Any, key: str) -> Indicator:
    found = next((i for i in indicators_for(user) if i.key == key), None)
    if found is None:
        raise NotFound()
    return found


def may_read_records(user: Any, indicator: Indicator) -> bool:
    """Names behind a number: readers of persons, or of places for place indicators."""
    if indicator.subject == PLACES:
        return place_access(user).reads
    return scope_for(user).can_read_persons


def dashboard_can_open(user: Any) -> bool:
    return scope_for(user).can_read_aggregates


def plans_visible(user: Any) -> QuerySet[Plan]:
    scope = scope_for(user)
    if not scope.can_read_aggregates:
        return Plan.objects.none()
    if scope.commune_id is not None:
        commune = AdminUnit.objects.get(pk=scope.commune_id)
        return Plan.objects.filter(Q(unit_id=scope.commune_id) | Q(unit_id=commune.parent_id))
    return Plan.objects.filter(Q(unit_id=scope.province_id) | Q(unit__parent_id=scope.province_id))


def plan_get(user: Any, pk: Any) -> Plan:
    found = plans_visible(user).select_related("unit").filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def plan_can_write(user: Any, unit: AdminUnit | None = None) -> bool:
    """Officers of the provincial drug unit and steering committee write the province's plans;
    commune police officers their commune's."""
    scope = scope_for(user)
    agency = getattr(user, "agency", None)
    if scope.role != DataRole.OFFICER or agency is None or scope.is_empty:
        return False
    if scope.province_id is not None and agency.kind in PROVINCE_PLAN_WRITERS:
        return unit is None or unit.pk == scope.province_id or unit.parent_id == scope.province_id
    if scope.commune_id is not None and agency.kind == AgencyKind.COMMUNE_POLICE:
        return unit is None or unit.pk == scope.commune_id
    return False


def plan_units(user: Any) -> QuerySet[AdminUnit]:
    """The units the user may write plans for."""
    scope = scope_for(user)
    if not plan_can_write(user):
        return AdminUnit.objects.none()
    if scope.commune_id is not None:
        return AdminUnit.objects.filter(pk=scope.commune_id)
    return AdminUnit.objects.filter(
        Q(pk=scope.province_id) | Q(pk__in=scope.communes().values("pk"))
    ).order_by("level", "name_folded")


def task_can_update(user: Any, task: PlanTask) -> bool:
    """The plan's writers and the officers of the responsible agency."""
    agency = getattr(user, "agency", None)
    if task.agency_id is not None and agency is not None and agency.pk == task.agency_id:
        return scope_for(user).role == DataRole.OFFICER
    return plan_can_write(user, task.plan.unit)


def task_get(user: Any, pk: Any) -> PlanTask:
    found = (
        PlanTask.objects.filter(plan__in=plans_visible(user), pk=pk)
        .select_related("plan", "plan__unit", "agency")
        .first()
    )
    if found is None:
        raise NotFound()
    return found


# --- comparing ------------------------------------------------------------------------------


def satisfies(actual: Decimal, comparison: str, value: Decimal) -> bool:
    if comparison in (Comparison.AT_LEAST, Comparison.CHANGE_AT_LEAST):
        return actual >= value
    return actual <= value


def change(now: Decimal | None, before: Decimal | None) -> Decimal | None:
    """The change from `before` to `now` in per cent; None without a base to divide by."""
    if now is None or before is None or not before:
        return None
    return (Decimal(100) * (now - before) / abs(before)).quantize(Decimal("0.1"))


def judge(
    *,
    actual: Decimal | None,
    comparison: str,
    value: Decimal,
    start: datetime.date,
    end: datetime.date,
    on: datetime.date,
    cumulative: bool,
) -> str:
    """The status of a target on a day (the rules the dashboard states):

    no value: no data; once the period is over: met or missed; while it runs: met when a
    cumulative count has reached an "at least" target, on track when the comparison holds now
    or a cumulative count is at least the target prorated to the days elapsed, else at risk.
    """
    if actual is None:
        return NO_DATA
    holds = satisfies(actual, comparison, value)
    if on >= end:
        return MET if holds else MISSED
    prorated = cumulative and comparison in AT_LEAST_KINDS
    if holds:
        return MET if prorated else ON_TRACK
    if prorated:
        elapsed = Decimal((on - start).days + 1) / Decimal((end - start).days + 1)
        if actual >= value * elapsed:
            return ON_TRACK
    return AT_RISK


# --- the dashboard --------------------------------------------------------------------------


class Evaluator:
    """Indicator results for one scope, each (indicator, period) computed once per page."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self._results: dict[tuple[str, Period], Result] = {}
        self._communes: list[int] | None = None

    def result(self, indicator: Indicator, period: Period) -> Result:
        key = (indicator.key, period)
        if key not in self._results:
            if self._communes is None:
                self._communes = list(self.scope.communes().values_list("pk", flat=True))
            self._results[key] = indicator.compute(self.scope, period, self._communes)
        return self._results[key]

    def figure(self, indicator: Indicator, period: Period, commune_id: int | None) -> Figure | None:
        found = self.result(indicator, period)
        if commune_id is None:
            return found.total
        return found.by_commune.get(commune_id)


def evaluated_period(target: Target, on: datetime.date) -> Period:
    return Period(target.period_start, min(target.period_end, on))


def actual_of(
    evaluator: Evaluator,
    indicator: Indicator,
    target: Target,
    on: datetime.date,
    commune_id: int | None,
) -> tuple[Figure | None, Decimal | None]:
    """The figure of the target's period up to `on`, and the value compared to the target
    (for a change comparison: the change against the same span of the previous period)."""
    period = evaluated_period(target, on)
    figure = evaluator.figure(indicator, period, commune_id)
    value = figure.value if figure else None
    if target.comparison in (Comparison.CHANGE_AT_MOST, Comparison.CHANGE_AT_LEAST):
        previous_full = Period(target.period_start, target.period_end).previous()
        previous = Period(previous_full.start, previous_full.start + (period.end - period.start))
        before = evaluator.figure(indicator, previous, commune_id)
        value = change(value, before.value if before else None)
    return figure, value


@dataclass
class TargetRow:
    target: Target
    indicator: Indicator
    unit_name: str
    commune_id: int | None
    figure: Figure | None
    actual: Decimal | None
    status: str
    trend: list[tuple[str, Decimal | None]] = field(default_factory=list)
    communes_met: tuple[int, int] | None = None  # for "each commune" targets at the province
    period: Period | None = None  # the part of the target's period evaluated

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def bars(self) -> list[tuple[str, Decimal | None, int]]:
        """The trend with bar widths of 0–100 against the largest magnitude (and the target)."""
        values = [abs(v) for _l, v in self.trend if v is not None] + [abs(self.target.value)]
        top = max(values) or Decimal(1)
        return [
            (label, value, int(abs(value) * 100 / top) if value is not None else 0)
            for label, value in self.trend
        ]


@dataclass
class Dashboard:
    year: int
    on: datetime.date
    scope: Scope
    commune: AdminUnit | None
    rows: list[TargetRow]
    quarters: list[str]


def quarter_ends(year: int, on: datetime.date) -> list[tuple[str, datetime.date]]:
    ends = [(1, 3, 31), (2, 6, 30), (3, 9, 30), (4, 12, 31)]
    found = []
    for number, month, day in ends:
        first = datetime.date(year, month - 2, 1)
        if first > on:
            break
        label = gettext("Q%(number)s/%(year)s") % {"number": number, "year": year}
        found.append((label, min(datetime.date(year, month, day), on)))
    return found


def targets_in_force(user: Any, year: int, on: datetime.date) -> QuerySet[Target]:
    """Targets of the visible plans whose period overlaps the year and has begun by `on`."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    keys = [i.key for i in indicators_for(user)]
    return (
        Target.objects.filter(plan__in=plans_visible(user), indicator__in=keys)
        .filter(period_start__lte=min(end, on), period_end__gte=start)
        .select_related("plan", "plan__unit", "commune")
        .order_by("plan__period_start", "plan__number", "pk")
    )


def _judge_row(
    target: Target, indicator: Indicator, actual: Decimal | None, on: datetime.date
) -> str:
    return judge(
        actual=actual,
        comparison=target.comparison,
        value=target.value,
        start=target.period_start,
        end=target.period_end,
        on=on,
        cumulative=indicator.cumulative,
    )


def dashboard_build(
    user: Any, *, year: int, on: datetime.date, commune: AdminUnit | None = None
) -> Dashboard:
    """Every target in force for the unit (the scope, or one commune of it) with its actual,
    status and quarterly trend; "each commune" targets count the communes that meet them."""
    scope = scope_for(user)
    if commune is None and scope.commune_id is not None:
        commune = AdminUnit.objects.get(pk=scope.commune_id)
    evaluator = Evaluator(scope)
    quarters = quarter_ends(year, on)
    rows: list[TargetRow] = []
    for target in targets_in_force(user, year, on):
        indicator = indicator_get(target.indicator)
        assert indicator is not None
        if commune is not None:
            if target.applies_to == TargetUnit.PROVINCE:
                continue
            if target.applies_to == TargetUnit.COMMUNE and target.commune_id != commune.pk:
                continue
            commune_id: int | None = commune.pk
            unit_name = commune.name
        elif target.applies_to == TargetUnit.COMMUNE:
            commune_id = target.commune_id
            unit_name = target.commune.name if target.commune else ""
        else:
            commune_id = None
            unit_name = str(_("the province"))
        figure, actual = actual_of(evaluator, indicator, target, on, commune_id)
        row = TargetRow(
            target=target,
            indicator=indicator,
            unit_name=unit_name,
            commune_id=commune_id,
            figure=figure,
            actual=actual,
            status=_judge_row(target, indicator, actual, on),
            period=evaluated_period(target, on),
        )
        if target.applies_to == TargetUnit.EACH_COMMUNE and commune is None:
            statuses = [s for _c, _f, _a, s in ranking_rows(evaluator, target, indicator, on)]
            row.communes_met = (sum(1 for s in statuses if s == MET), len(statuses))
        for label, quarter_end in quarters:
            if quarter_end < target.period_start:
                row.trend.append((label, None))
                continue
            _figure, value = actual_of(evaluator, indicator, target, quarter_end, commune_id)
            row.trend.append((label, value))
        rows.append(row)
    return Dashboard(year, on, scope, commune, rows, [label for label, _end in quarters])


def ranking_rows(
    evaluator: Evaluator, target: Target, indicator: Indicator, on: datetime.date
) -> list[tuple[AdminUnit, Figure | None, Decimal | None, str]]:
    """Every commune of the scope on one target, best first (the comparison says which way);
    communes without data last."""
    rows = []
    for commune in evaluator.scope.communes().order_by("name_folded"):
        figure, actual = actual_of(evaluator, indicator, target, on, commune.pk)
        rows.append((commune, figure, actual, _judge_row(target, indicator, actual, on)))
    descending = target.comparison in AT_LEAST_KINDS
    with_data = [r for r in rows if r[2] is not None]
    without = [r for r in rows if r[2] is None]
    with_data.sort(key=lambda r: r[2] or Decimal(0), reverse=descending)
    return with_data + without


# --- drill-down -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordRow:
    label: str
    commune: str
    url: str


def drill_records(
    user: Any, indicator: Indicator, period: Period, part: str, commune: AdminUnit | None
) -> QuerySet[Any]:
    """The records behind a number, for readers of names; NotFound for the others."""
    if not may_read_records(user, indicator):
        raise NotFound()
    scope = scope_for(user)
    records = indicator.records(scope, period, part)
    if commune is not None:
        records = records.filter(**{indicator.commune_path: commune})
    return records


def record_rows(indicator: Indicator, records: Iterable[Any]) -> list[RecordRow]:
    rows = []
    for record in records:
        if indicator.person_path is None:
            url = reverse(indicator.record_url, args=[record.pk]) if indicator.record_url else ""
            label = getattr(record, "name", None) or str(record)
            # A commune is its own record (drug-free communes, communes with drug problems).
            commune = record if isinstance(record, AdminUnit) else record.commune
            rows.append(RecordRow(label, commune.name, url))
            continue
        person = getattr(record, indicator.person_path) if indicator.person_path else record
        rows.append(
            RecordRow(
                person.full_name,
                person.managing_commune.name,
                reverse("person_detail", args=[person.pk]),
            )
        )
    return rows


def commune_in_scope(user: Any, pk: Any) -> AdminUnit:
    """A commune of the user's scope, or NotFound."""
    scope = scope_for(user)
    found = scope.communes().filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise NotFound()
    return found


# --- tasks ----------------------------------------------------------------------------------


def tasks_visible(user: Any) -> QuerySet[PlanTask]:
    return PlanTask.objects.filter(plan__in=plans_visible(user))


def tasks_due_section(user: Any, today: datetime.date, limit: int = 50) -> WorklistQuery:
    """Open tasks whose deadline has passed or falls within 30 days, soonest first."""
    due = (
        tasks_visible(user)
        .filter(status__in=OPEN_TASK_STATUSES, deadline__lte=today + datetime.timedelta(days=30))
        .order_by("deadline", "pk")
    )

    def item(t: dict[str, Any]) -> WorkItem:
        return WorkItem(
            person_id=0,
            person_name=t["title"],
            commune_name=t["agency"] or t["agency_name"],
            label=t["plan"],
            due=as_date(t["deadline"]),
            url=reverse("plan_detail", args=[t["plan_id"]]) + f"#task-{t['pk']}",
        )

    return WorklistQuery(
        key="plan-tasks-due",
        title=gettext("Plan tasks due or overdue"),
        rows=due,
        fields={
            "pk": F("pk"),
            "title": F("title"),
            "agency": F("agency__name"),
            "agency_name": F("agency_name"),
            "plan": F("plan__number"),
            "plan_id": F("plan_id"),
            "deadline": F("deadline"),
        },
        item=item,
        commune=None,
        limit=limit,
    )


def tasks_due(user: Any, today: datetime.date, limit: int = 50) -> Any:
    """The section read (tasks name no person: nothing is noted as a read of personal data)."""
    with reads_unrecorded():
        return worklist_read([tasks_due_section(user, today, limit)])[0]
