"""Writes of plans: create, copy to the next year, targets, tasks and their progress.

Every write checks that the actor writes plans for the unit and records one event on the
plan's stream (`plan`) in the same transaction.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.models import Agency
from pcmt.accounts.scope import scope_for
from pcmt.audit.services import event_record
from pcmt.core.errors import DomainError, NotFound
from pcmt.geo.models import AdminUnit, UnitLevel
from pcmt.outreach.models import IndustrialZone, School
from pcmt.persons.models import Person
from pcmt.plans.indicators import indicator_get
from pcmt.plans.models import (
    CAUSE_STREAM,
    PLAN_STREAM,
    CauseReason,
    Comparison,
    NewCaseCause,
    Plan,
    PlanTask,
    Substance,
    Target,
    TargetUnit,
    TaskNote,
    TaskStatus,
    Workplace,
)
from pcmt.plans.selectors import plan_can_write, task_can_update


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _check_period(start: datetime.date, end: datetime.date, field: str = "period_end") -> None:
    if end < start:
        raise DomainError("period_reversed", _("The end of the period is before its start."), field)


def _record(plan: Plan, actor: Any, action: str, changes: dict[str, Any]) -> None:
    event_record(
        stream=PLAN_STREAM, subject_id=plan.pk, actor=actor, action=action, changes=changes
    )


@transaction.atomic
def plan_create(
    *,
    actor: Any,
    unit: AdminUnit,
    number: str,
    issued_on: datetime.date,
    issuer: str,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    template_key: str = "",
    check: bool = True,
) -> Plan:
    """A new plan for a unit the actor writes plans for (`check=False`: a command loading
    the ready templates)."""
    if check and not plan_can_write(actor, unit):
        raise NotFound()
    _check_period(period_start, period_end)
    plan = Plan.objects.create(
        unit=unit,
        number=number.strip(),
        issued_on=issued_on,
        issuer=issuer.strip(),
        title=title.strip(),
        period_start=period_start,
        period_end=period_end,
        template_key=template_key,
        created_by=actor,
    )
    _record(
        plan,
        actor,
        "plan_created",
        {
            "number": [None, plan.number],
            "issued_on": [None, _iso(issued_on)],
            "issuer": [None, plan.issuer],
            "period_start": [None, _iso(period_start)],
            "period_end": [None, _iso(period_end)],
        },
    )
    return plan


@transaction.atomic
def target_add(
    *,
    actor: Any,
    plan: Plan,
    indicator: str,
    comparison: str,
    value: Decimal,
    applies_to: str = TargetUnit.PROVINCE,
    commune: AdminUnit | None = None,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
    wording: str = "",
    check: bool = True,
) -> Target:
    if check and not plan_can_write(actor, plan.unit):
        raise NotFound()
    if indicator_get(indicator) is None:
        raise DomainError("unknown_indicator", _("Unknown indicator."), "indicator")
    if comparison not in Comparison.values:
        raise DomainError("unknown_comparison", _("Unknown comparison."), "comparison")
    if applies_to == TargetUnit.COMMUNE:
        in_plan = commune is not None and (
            commune.pk == plan.unit_id or commune.parent_id == plan.unit_id
        )
        if not in_plan:
            raise DomainError(
                "commune_outside_plan", _("Choose a commune of the plan's unit."), "commune"
            )
    else:
        commune = None
    if applies_to != TargetUnit.COMMUNE and plan.unit.parent_id is not None:
        # A commune's plan measures the commune itself.
        applies_to, commune = TargetUnit.COMMUNE, plan.unit
    start = period_start or plan.period_start
    end = period_end or plan.period_end
    _check_period(start, end)
    target = Target.objects.create(
        plan=plan,
        indicator=indicator,
        comparison=comparison,
        value=value,
        applies_to=applies_to,
        commune=commune,
        period_start=start,
        period_end=end,
        wording=wording.strip(),
    )
    _record(
        plan,
        actor,
        "target_added",
        {
            "indicator": [None, indicator],
            "comparison": [None, comparison],
            "value": [None, str(value)],
            "applies_to": [None, applies_to],
            "period": [None, f"{_iso(start)}/{_iso(end)}"],
        },
    )
    return target


@transaction.atomic
def target_remove(*, actor: Any, target: Target) -> None:
    plan = target.plan
    if not plan_can_write(actor, plan.unit):
        raise NotFound()
    _record(plan, actor, "target_removed", {"indicator": [target.indicator, None]})
    target.delete()


@transaction.atomic
def task_add(
    *,
    actor: Any,
    plan: Plan,
    title: str,
    deadline: datetime.date,
    agency: Agency | None = None,
    agency_name: str = "",
    check: bool = True,
) -> PlanTask:
    if check and not plan_can_write(actor, plan.unit):
        raise NotFound()
    if agency is None and not agency_name.strip():
        raise DomainError("agency_required", _("Name the responsible agency."), "agency")
    task = PlanTask.objects.create(
        plan=plan, title=title.strip(), deadline=deadline, agency=agency, agency_name=agency_name
    )
    _record(
        plan,
        actor,
        "task_added",
        {
            "task": [None, task.title],
            "agency": [None, task.responsible],
            "deadline": [None, _iso(deadline)],
        },
    )
    return task


@transaction.atomic
def task_progress(
    *,
    actor: Any,
    task: PlanTask,
    status: str,
    note: str = "",
    on: datetime.date,
) -> PlanTask:
    """Change a task's status and add a progress note (done: the day it was done)."""
    if not task_can_update(actor, task):
        raise NotFound()
    if status not in TaskStatus.values:
        raise DomainError("unknown_status", _("Unknown status."), "status")
    before = task.status
    task.status = status
    task.done_on = on if status == TaskStatus.DONE else None
    task.save(update_fields=["status", "done_on"])
    if note.strip():
        TaskNote.objects.create(task=task, written_on=on, text=note.strip(), author=actor)
    _record(
        task.plan,
        actor,
        "task_progress",
        {"task": [task.title, task.title], "status": [before, status], "note": [None, note]},
    )
    return task


def _next_year(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


@transaction.atomic
def plan_copy(
    *, actor: Any, plan: Plan, number: str, issued_on: datetime.date, check: bool = True
) -> Plan:
    """The plan again for the next year: the same targets and tasks, every date a year later,
    tasks not started (`check=False`: the demo loader, with no actor)."""
    if check and not plan_can_write(actor, plan.unit):
        raise NotFound()
    copy = plan_create(
        check=check,
        actor=actor,
        unit=plan.unit,
        number=number,
        issued_on=issued_on,
        issuer=plan.issuer,
        title=plan.title,
        period_start=_next_year(plan.period_start),
        period_end=_next_year(plan.period_end),
    )
    copy.copied_from = plan
    copy.save(update_fields=["copied_from"])
    for target in plan.targets.all():
        Target.objects.create(
            plan=copy,
            indicator=target.indicator,
            applies_to=target.applies_to,
            commune=target.commune,
            period_start=_next_year(target.period_start),
            period_end=_next_year(target.period_end),
            comparison=target.comparison,
            value=target.value,
            wording=target.wording,
        )
    for task in plan.tasks.all():
        PlanTask.objects.create(
            plan=copy,
            title=task.title,
            agency=task.agency,
            agency_name=task.agency_name,
            deadline=_next_year(task.deadline),
        )
    _record(copy, actor, "plan_copied", {"copied_from": [None, plan.pk]})
    return copy


# --- causes of new cases (Plan 174) ---------------------------------------------------------


@dataclass(frozen=True)
class CauseInput:
    detected_on: datetime.date
    age_at_first_use: int | None = None
    first_substance: str = ""
    reasons: list[CauseReason] = field(default_factory=list)
    circumstances: str = ""
    workplace: str = ""
    industrial_zone: IndustrialZone | None = None
    school: School | None = None
    construction_site: str = ""
    origin_province: AdminUnit | None = None


def _cause_check(person: Person, data: CauseInput) -> None:
    if data.detected_on > timezone.localdate():
        raise DomainError(
            "detected_in_future", _("The date detected cannot be in the future."), "detected_on"
        )
    age = data.age_at_first_use
    if age is not None and not 5 <= age <= 100:
        raise DomainError("age_out_of_range", _("Enter an age from 5 to 100."), "age_at_first_use")
    if age is not None and person.birth_year and data.detected_on.year - person.birth_year < age:
        raise DomainError(
            "age_after_detection",
            _("The age at first use is above the person's age when detected."),
            "age_at_first_use",
        )
    if data.first_substance and data.first_substance not in Substance.values:
        raise DomainError("substance_invalid", _("Choose a substance."), "first_substance")
    places = {
        Workplace.INDUSTRIAL_ZONE: data.industrial_zone,
        Workplace.SCHOOL: data.school,
        Workplace.CONSTRUCTION_SITE: data.construction_site.strip() or None,
    }
    if data.workplace not in Workplace.values or (
        data.workplace and places[Workplace(data.workplace)] is None
    ):
        raise DomainError(
            "workplace_incomplete",
            _("Name the industrial zone, school or construction site of the workplace."),
            "workplace",
        )
    if data.origin_province is not None and data.origin_province.level != UnitLevel.PROVINCE:
        raise DomainError("origin_not_province", _("Choose a province."), "origin_province")


@transaction.atomic
def new_case_cause_record(*, actor: Any, person: Person, data: CauseInput) -> NewCaseCause:
    """Record or correct what led a newly detected person to drugs; one event of the change.

    Only the officers who write the person's record (his managing commune) may."""
    scope = scope_for(actor)
    if not (scope.can_write_persons and scope.reaches_commune(person.managing_commune)):
        raise NotFound()
    _cause_check(person, data)
    workplace = data.workplace
    values: dict[str, Any] = {
        "detected_on": data.detected_on,
        "age_at_first_use": data.age_at_first_use,
        "first_substance": data.first_substance,
        "circumstances": data.circumstances.strip(),
        "workplace": workplace,
        "industrial_zone": data.industrial_zone if workplace == Workplace.INDUSTRIAL_ZONE else None,
        "school": data.school if workplace == Workplace.SCHOOL else None,
        "construction_site": (
            data.construction_site.strip() if workplace == Workplace.CONSTRUCTION_SITE else ""
        ),
        "origin_province": data.origin_province,
    }
    cause = NewCaseCause.objects.select_for_update().filter(person=person).first()
    created = cause is None
    if cause is None:
        cause = NewCaseCause(person=person)
    changes: dict[str, Any] = {}
    for name, value in values.items():
        old = None if created else getattr(cause, name)
        if _plain(old) != _plain(value):
            changes[name] = [_plain(old), _plain(value)]
        setattr(cause, name, value)
    cause.updated_by = actor
    cause.save()
    before = [] if created else sorted(r.code for r in cause.reasons.all())
    after = sorted(r.code for r in data.reasons)
    if before != after:
        cause.reasons.set(data.reasons)
        changes["reasons"] = [before or None, after]
    if changes:
        event_record(
            stream=CAUSE_STREAM,
            subject_id=cause.pk,
            actor=actor,
            action="cause_recorded" if created else "cause_changed",
            changes=changes,
        )
    return cause


def _plain(value: Any) -> Any:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, AdminUnit):
        return value.code
    if hasattr(value, "pk"):
        return str(value)
    return value
