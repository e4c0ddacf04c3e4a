"""A plan of commune A with a target and a task: read by the province's users and commune A's
officer (aggregates: analysts too); written by commune A's officer; an indicator is read by
every reader of aggregates, each for his own scope."""

import datetime
from decimal import Decimal
from typing import Any

from pcmt.plans.services import plan_create, target_add, task_add

WRITE_ROUTES = {
    "plan_copy",
    "plan_target_add",
    "plan_target_remove",
    "plan_task_add",
    "plan_task_progress",
    # The causes of a new case: written by the officers who write the person's record.
    "plan_cause_edit",
}
PLAN_READERS = {"alice", "sam", "hana", "ann"}
PARAM_READERS = {
    "plan_pk": PLAN_READERS,
    "target_pk": PLAN_READERS,
    "task_pk": PLAN_READERS,
    "indicator_key": {"alice", "bob", "sam", "hana", "ann"},
}
PARAM_WRITERS = {
    "plan_pk": {"alice"},
    "target_pk": {"alice"},
    "task_pk": {"alice"},
    "indicator_key": set(),
}


def build(context: dict[str, Any]) -> dict[str, Any]:
    officer, commune = context["officer"], context["commune"]
    plan = plan_create(
        actor=officer,
        unit=commune,
        number="3/KH-UBND",
        issued_on=datetime.date(2025, 1, 10),
        issuer="UBND phường",
        title="Kế hoạch năm 2025",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )
    target = target_add(
        actor=officer,
        plan=plan,
        indicator="services_reached",
        comparison="gte",
        value=Decimal(80),
    )
    task = task_add(
        actor=officer,
        plan=plan,
        title="Tuyên truyền tại trường học",
        deadline=datetime.date(2025, 6, 30),
        agency_name="Trường THCS",
    )
    return {
        "plan_pk": plan.pk,
        "target_pk": target.pk,
        "task_pk": task.pk,
        "indicator_key": "services_reached",
    }
