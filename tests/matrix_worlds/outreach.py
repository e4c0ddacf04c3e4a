"""An outreach activity of commune A: kept under the places' rule, read by its officer and the
provincial supervisor; analysts, health and social-services users do not reach it."""

import datetime
from typing import Any

from pcmt.outreach.models import Topic
from pcmt.outreach.services import OutreachInput, outreach_record, school_add

WRITE_ROUTES: set[str] = set()
PARAM_READERS = {"activity_pk": {"alice", "sam"}}
PARAM_WRITERS: dict[str, set[str]] = {"activity_pk": set()}


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
    return {"activity_pk": activity.pk}
