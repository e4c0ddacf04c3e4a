"""Writes of plans: create, copy to the next year, targets, tasks and their progress.

Every write checks that the actor writes plans for the unit and records one event on the
plan's stream (`plan`) in the same transaction.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.models import Agency
from pcmt.audit.services import event_record
from pcmt.core.errors import DomainError, NotFound
from pcmt.geo.models import AdminUnit
from pcmt.plans.indicators import indicator_get
from pcmt.plans.models import (
    PLAN_STREAM,
    Comparison,
    Plan,
    PlanTask,
    Target,
    TargetUnit,
    TaskNote,
    TaskStatus,
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
def plan_copy(*, actor: Any, plan: Plan, number: str, issued_on: datetime.date) -> Plan:
    """The plan again for the next year: the same targets and tasks, every date a year later,
    tasks not started."""
    if not plan_can_write(actor, plan.unit):
        raise NotFound()
    copy = plan_create(
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
