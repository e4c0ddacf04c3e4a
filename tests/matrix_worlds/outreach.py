"""An outreach activity, a school and an industrial zone of commune A: kept under the places'
rule, read by its officer and the provincial supervisor, edited by its officer only; analysts,
health and social-services users do not reach them."""

import datetime
from typing import Any

from pcmt.outreach.models import Topic
from pcmt.outreach.services import OutreachInput, industrial_zone_add, outreach_record, school_add

WRITE_ROUTES = {"outreach_edit", "school_edit", "industrial_zone_edit"}
PARAM_READERS = {param: {"alice", "sam"} for param in ("activity_pk", "school_pk", "zone_pk")}
PARAM_WRITERS = {param: {"alice"} for param in ("activity_pk", "school_pk", "zone_pk")}


def build(context: dict[str, Any]) -> dict[str, Any]:
    officer, commune = context["officer"], context["commune"]
    school = school_add(
        actor=officer, commune=commune, name="THCS Nguyễn Du", level="lower_secondary"
    )
    activity = outreach_record(
        actor=officer,
        data=OutreachInput(
            commune=commune,
            held_on=datetime.date(2025, 3, 1),
            organiser="Công an phường",
            audience=200,
            topics=[Topic.E_CIGARETTES],
            schools=[school],
        ),
    )
    zone = industrial_zone_add(actor=officer, commune=commune, name="KCN Bắc Thăng Long")
    return {"activity_pk": activity.pk, "school_pk": school.pk, "zone_pk": zone.pk}
