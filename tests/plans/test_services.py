"""Plans: each comparison kind and status rule, the templates, copying, tasks and their worklist."""

import datetime
from decimal import Decimal

import pytest

from pcmt.audit.models import Event
from pcmt.core.errors import DomainError, NotFound
from pcmt.plans.models import PLAN_STREAM, Comparison, Plan, Target, TargetUnit, TaskStatus
from pcmt.plans.seeds import SEED_PLANS, plan_templates_load
from pcmt.plans.selectors import (
    AT_RISK,
    MET,
    MISSED,
    NO_DATA,
    ON_TRACK,
    change,
    dashboard_build,
    judge,
    tasks_due,
)
from pcmt.plans.services import plan_copy, plan_create, target_add, task_add, task_progress

D = datetime.date
YEAR = {"start": D(2024, 1, 1), "end": D(2024, 12, 31)}


def _judge(actual, comparison, value, on, cumulative=False):
    return judge(
        actual=None if actual is None else Decimal(actual),
        comparison=comparison,
        value=Decimal(value),
        on=on,
        cumulative=cumulative,
        **YEAR,
    )


def test_at_least_is_met_or_missed_once_the_period_is_over():
    assert _judge("80", Comparison.AT_LEAST, "80", D(2024, 12, 31)) == MET
    assert _judge("79.9", Comparison.AT_LEAST, "80", D(2025, 3, 1)) == MISSED


def test_at_most_holds_while_running_and_is_at_risk_when_broken():
    assert _judge("0", Comparison.AT_MOST, "0", D(2024, 6, 30)) == ON_TRACK
    assert _judge("1", Comparison.AT_MOST, "0", D(2024, 6, 30)) == AT_RISK
    assert _judge("1", Comparison.AT_MOST, "0", D(2024, 12, 31)) == MISSED


def test_a_cumulative_count_is_prorated_to_the_days_elapsed():
    # 1,700 dossiers a year: half the year gone, 900 is on track, 700 at risk, 1,700 met.
    on = D(2024, 7, 1)
    assert _judge("900", Comparison.AT_LEAST, "1700", on, cumulative=True) == ON_TRACK
    assert _judge("700", Comparison.AT_LEAST, "1700", on, cumulative=True) == AT_RISK
    assert _judge("1700", Comparison.AT_LEAST, "1700", on, cumulative=True) == MET
    # A stock measure is not prorated: below the target while running is at risk.
    assert _judge("79", Comparison.AT_LEAST, "80", on) == AT_RISK


def test_change_comparisons_and_no_data():
    assert change(Decimal(95), Decimal(100)) == Decimal("-5.0")
    assert change(Decimal(3), Decimal(0)) is None
    assert _judge("-5.0", Comparison.CHANGE_AT_MOST, "-5", D(2025, 1, 1)) == MET
    assert _judge("-4.0", Comparison.CHANGE_AT_MOST, "-5", D(2025, 1, 1)) == MISSED
    assert _judge("2", Comparison.CHANGE_AT_LEAST, "1", D(2024, 5, 1)) == ON_TRACK
    assert _judge(None, Comparison.AT_LEAST, "80", D(2025, 1, 1)) == NO_DATA


def test_the_seed_plans_load_once_as_templates(province):
    assert plan_templates_load(province=province) == len(SEED_PLANS)
    assert plan_templates_load(province=province) == 0
    plan45 = Plan.objects.get(template_key="hanoi-45-2024")
    assert (plan45.number, plan45.issued_on) == ("45/KH-UBND", D(2024, 2, 2))
    dossiers = plan45.targets.get(indicator="dossiers_to_court")
    assert (dossiers.comparison, dossiers.value) == (Comparison.AT_LEAST, Decimal(1700))
    assert (
        Plan.objects.get(template_key="plan-3220-2023")
        .targets.filter(indicator="hotspot_change", value=Decimal(-5))
        .count()
        == 2
    )
    assert Plan.objects.get(template_key="hanoi-174-2023").tasks.count() == 2
    assert Event.objects.filter(stream=PLAN_STREAM).count() > len(SEED_PLANS)


def _plan(actor, unit, **overrides):
    values = {
        "number": "12/KH-UBND",
        "issued_on": D(2024, 1, 15),
        "issuer": "UBND tỉnh",
        "title": "Kế hoạch năm 2024",
        "period_start": D(2024, 1, 1),
        "period_end": D(2024, 12, 31),
    }
    values.update(overrides)
    return plan_create(actor=actor, unit=unit, **values)


def test_only_plan_writers_create_plans(pc04, alice, sam, hana, province, commune_a, commune_b):
    assert _plan(pc04, province).unit == province
    assert _plan(alice, commune_a).unit == commune_a
    for actor, unit in ((alice, commune_b), (alice, province), (sam, province), (hana, province)):
        with pytest.raises(NotFound):
            _plan(actor, unit)
    with pytest.raises(DomainError) as refused:
        _plan(pc04, province, period_end=D(2023, 1, 1))
    assert refused.value.code == "period_reversed"


def test_a_commune_plan_measures_its_commune(alice, commune_a):
    plan = _plan(alice, commune_a)
    target = target_add(
        actor=alice, plan=plan, indicator="users_managed", comparison="gte", value=Decimal(100)
    )
    assert (target.applies_to, target.commune) == (TargetUnit.COMMUNE, commune_a)
    with pytest.raises(DomainError) as refused:
        target_add(actor=alice, plan=plan, indicator="nonsense", comparison="gte", value=Decimal(1))
    assert refused.value.code == "unknown_indicator"


def test_copy_to_the_next_year_moves_every_date(pc04, province):
    plan = _plan(pc04, province)
    target_add(
        actor=pc04,
        plan=plan,
        indicator="dossiers_to_court",
        comparison="gte",
        value=Decimal(1700),
        applies_to=TargetUnit.EACH_COMMUNE,
    )
    task_add(
        actor=pc04, plan=plan, title="Tuyên truyền", deadline=D(2024, 2, 29), agency_name="Sở GD"
    )
    copy = plan_copy(actor=pc04, plan=plan, number="20/KH-UBND", issued_on=D(2025, 1, 10))
    assert (copy.period_start, copy.period_end, copy.copied_from) == (
        D(2025, 1, 1),
        D(2025, 12, 31),
        plan,
    )
    target = Target.objects.get(plan=copy)
    assert (target.period_start, target.applies_to, target.value) == (
        D(2025, 1, 1),
        TargetUnit.EACH_COMMUNE,
        Decimal(1700),
    )
    assert copy.tasks.get().deadline == D(2025, 2, 28)


def test_tasks_due_and_overdue_form_a_worklist_section(pc04, alice, province):
    plan = _plan(pc04, province)
    late = task_add(
        actor=pc04, plan=plan, title="Trễ hạn", deadline=D(2030, 12, 1), agency_name="A"
    )
    task_add(actor=pc04, plan=plan, title="Còn xa", deadline=D(2031, 6, 1), agency_name="B")
    done = task_add(
        actor=pc04, plan=plan, title="Đã xong", deadline=D(2030, 12, 2), agency_name="C"
    )
    task_progress(
        actor=pc04, task=done, status=TaskStatus.DONE, note="Hoàn thành", on=D(2030, 12, 2)
    )
    section = tasks_due(alice, D(2030, 12, 31))
    assert [item.person_name for item in section.items] == ["Trễ hạn"]
    assert section.items[0].overdue_on(D(2030, 12, 31))
    assert late.pk and done.notes.get().text == "Hoàn thành"
    # Commune officers of another agency may not change the province's tasks.
    with pytest.raises(NotFound):
        task_progress(actor=alice, task=late, status=TaskStatus.DONE, on=D(2030, 12, 5))


def test_the_dashboard_judges_each_target_for_its_unit(
    pc04, sam, alice, province, commune_a, commune_b, register, in_category
):
    plan = _plan(pc04, province)
    target_add(
        actor=pc04,
        plan=plan,
        indicator="post_rehab_managed",
        comparison="gte",
        value=Decimal(1),
        applies_to=TargetUnit.EACH_COMMUNE,
    )
    in_category(register(full_name="Sau cai"), "post_rehab", D(2024, 5, 1))
    board = dashboard_build(sam, year=2024, on=D(2024, 12, 31))
    (row,) = board.rows
    assert (row.actual, row.status, row.communes_met) == (Decimal(1), MET, (1, 2))
    assert [value for _label, value in row.trend] == [0, 1, 1, 1]
    # Commune A's officer sees the same target for his commune only.
    (own,) = dashboard_build(alice, year=2024, on=D(2024, 12, 31)).rows
    assert (own.unit_name, own.actual, own.status) == (commune_a.name, Decimal(1), MET)
    # Commune B has none: the target is missed there.
    (other,) = dashboard_build(sam, year=2024, on=D(2024, 12, 31), commune=commune_b).rows
    assert other.status == MISSED


def test_the_command_loads_the_templates_for_a_province(province):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("load_plan_templates", "--province", province.code, stdout=out)
    assert f"Plan templates loaded: {len(SEED_PLANS)}" in out.getvalue()
    assert Plan.objects.filter(unit=province).exclude(template_key="").count() == len(SEED_PLANS)
