"""Writes of casework, by name: each runs one declared transition (see `lifecycles.py`)."""

import datetime
from typing import Any

from pcmt.casework.lifecycles import DETERMINATION, MANAGEMENT, THERAPY
from pcmt.casework.models import (
    AddictionDetermination,
    DrugTest,
    SubstitutionTherapy,
    UserManagement,
)
from pcmt.lifecycle.runner import transition_run
from pcmt.persons.models import Person


def drug_test_record(
    *,
    actor: Any,
    person: Person,
    tested_on: datetime.date,
    place: str,
    result: str,
    tested_by: str,
    substances: str = "",
    grounds: str = "",
    result_received_on: datetime.date | None = None,
) -> DrugTest:
    """Record a test. A positive test opens the user-management measure."""
    return transition_run(
        lifecycle=MANAGEMENT,
        name="drug_test_record",
        actor=actor,
        obj_or_pk=person,
        data={
            "tested_on": tested_on,
            "place": place,
            "result": result,
            "tested_by": tested_by,
            "substances": substances,
            "grounds": grounds,
            "result_received_on": result_received_on,
        },
    )


def management_decision_issue(
    *,
    actor: Any,
    management: UserManagement,
    number: str,
    decision_date: datetime.date,
    signer: str,
) -> UserManagement:
    """The commune chairman's decision starts the period the law of the decision date sets."""
    return transition_run(
        lifecycle=MANAGEMENT,
        name="management_decision_issue",
        actor=actor,
        obj_or_pk=management,
        data={"number": number, "decision_date": decision_date, "signer": signer},
    )


def management_end(
    *, actor: Any, management: UserManagement, ended_on: datetime.date, reason: str
) -> UserManagement:
    """End the period: served in full, or early for a reason the law lists."""
    return transition_run(
        lifecycle=MANAGEMENT,
        name="management_end",
        actor=actor,
        obj_or_pk=management,
        data={"ended_on": ended_on, "reason": reason},
    )


def determination_require(
    *, actor: Any, person: Person, trigger: str, required_on: datetime.date
) -> AddictionDetermination:
    """Record that the law requires determining the person's addiction, and why."""
    return transition_run(
        lifecycle=DETERMINATION,
        name="determination_require",
        actor=actor,
        obj_or_pk=person,
        data={"trigger": trigger, "required_on": required_on},
    )


def determination_request(
    *,
    actor: Any,
    determination: AddictionDetermination,
    facility: str,
    requested_on: datetime.date,
) -> AddictionDetermination:
    """Send the person to a qualified medical facility."""
    return transition_run(
        lifecycle=DETERMINATION,
        name="determination_request",
        actor=actor,
        obj_or_pk=determination,
        data={"facility": facility, "requested_on": requested_on},
    )


def determination_record(
    *,
    actor: Any,
    determination: AddictionDetermination,
    determined_on: datetime.date,
    result: str,
) -> AddictionDetermination:
    """Record the facility's result; dependence ends the user management."""
    return transition_run(
        lifecycle=DETERMINATION,
        name="determination_record",
        actor=actor,
        obj_or_pk=determination,
        data={"determined_on": determined_on, "result": result},
    )


def therapy_start(
    *, actor: Any, person: Person, clinic: str, started_on: datetime.date
) -> SubstitutionTherapy:
    """Start substitution therapy; the person enters the substitution-therapy category."""
    return transition_run(
        lifecycle=THERAPY,
        name="therapy_start",
        actor=actor,
        obj_or_pk=person,
        data={"clinic": clinic, "started_on": started_on},
    )


def therapy_stop(
    *, actor: Any, therapy: SubstitutionTherapy, stopped_on: datetime.date, reason: str
) -> SubstitutionTherapy:
    """Stop the therapy with a reason; the category period ends the same day."""
    return transition_run(
        lifecycle=THERAPY,
        name="therapy_stop",
        actor=actor,
        obj_or_pk=therapy,
        data={"stopped_on": stopped_on, "reason": reason},
    )
