"""Support records of commune A's person for the jurisdiction matrix."""

import datetime
from typing import Any

from pcmt.support.services import release_record, summons_issue

WRITE_ROUTES = {
    "service_add",
    "release_add",
    "release_contact",
    "summons_add",
    "summons_attendance",
    "check_in_add",
    "api_service_list",
    "api_release_list",
    "api_release_contact",
    "api_summons_list",
    "api_summons_attendance",
    "api_check_in_list",
}
PERSON_PARAMS = {"release_pk", "summons_pk"}


def build(context: dict[str, Any]) -> dict[str, Any]:
    person, officer = context["person"], context["officer"]
    release = release_record(
        actor=officer,
        person=person,
        released_on=datetime.date(2025, 9, 1),
        facility="Trại giam Thanh Xuân",
    )
    summons = summons_issue(
        actor=officer,
        person=person,
        issued_on=datetime.date(2025, 10, 1),
        appear_on=datetime.date(2025, 10, 3),
        place="Công an phường",
        purpose="Làm việc",
    )
    return {"release_pk": release.pk, "summons_pk": summons.pk}
