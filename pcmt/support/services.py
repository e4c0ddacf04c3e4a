"""Writes of support records, by name: each runs one declared transition (`lifecycles.py`)."""

import datetime
from typing import Any

from pcmt.casework.models import UserManagement
from pcmt.lifecycle.runner import transition_run
from pcmt.persons.models import Person
from pcmt.support.lifecycles import CHECK_IN, RELEASE, SERVICE, SUMMONS
from pcmt.support.models import CheckIn, PrisonRelease, ServiceReceived, Summons


def service_record(
    *,
    actor: Any,
    person: Person,
    service_type: str,
    received_on: datetime.date,
    provider: str,
    note: str = "",
) -> ServiceReceived:
    """Record a service the person received (counselling, vocational training, a loan…)."""
    return transition_run(
        lifecycle=SERVICE,
        name="service_record",
        actor=actor,
        obj_or_pk=person,
        data={
            "service_type": service_type,
            "received_on": received_on,
            "provider": provider,
            "note": note,
        },
    )


def release_record(
    *,
    actor: Any,
    person: Person,
    released_on: datetime.date,
    facility: str,
    judgment: str = "",
    notice_received_on: datetime.date | None = None,
) -> PrisonRelease:
    """Record a release from prison; the managing commune is to receive the person and verify
    the residence within 3 working days of the prison's notice (Circular 10/2024/TT-BCA
    art. 8), counted from the release date when the notice date is not recorded."""
    return transition_run(
        lifecycle=RELEASE,
        name="release_record",
        actor=actor,
        obj_or_pk=person,
        data={
            "released_on": released_on,
            "facility": facility,
            "judgment": judgment,
            "notice_received_on": notice_received_on,
        },
    )


def release_contact_record(
    *,
    actor: Any,
    release: PrisonRelease,
    contacted_on: datetime.date,
    note: str = "",
) -> PrisonRelease:
    """The commune police met the released person: the release is received."""
    return transition_run(
        lifecycle=RELEASE,
        name="release_contact_record",
        actor=actor,
        obj_or_pk=release,
        data={"contacted_on": contacted_on, "note": note},
    )


def summons_issue(
    *,
    actor: Any,
    person: Person,
    issued_on: datetime.date,
    appear_on: datetime.date,
    place: str,
    purpose: str,
    management: UserManagement | None = None,
) -> Summons:
    """Summon a person to appear (a duty of persons under management, Law 120/2025)."""
    return transition_run(
        lifecycle=SUMMONS,
        name="summons_issue",
        actor=actor,
        obj_or_pk=person,
        data={
            "issued_on": issued_on,
            "appear_on": appear_on,
            "place": place,
            "purpose": purpose,
            "management": management,
        },
    )


def summons_attendance_record(
    *,
    actor: Any,
    summons: Summons,
    status: str,
    attendance_on: datetime.date,
    note: str = "",
) -> Summons:
    """Record once whether the person came."""
    return transition_run(
        lifecycle=SUMMONS,
        name="summons_attendance_record",
        actor=actor,
        obj_or_pk=summons,
        data={"status": status, "attendance_on": attendance_on, "note": note},
    )


def check_in_record(
    *,
    actor: Any,
    person: Person,
    checked_in_on: datetime.date,
    note: str = "",
) -> CheckIn:
    """The person reported to the commune police (kiểm diện)."""
    return transition_run(
        lifecycle=CHECK_IN,
        name="check_in_record",
        actor=actor,
        obj_or_pk=person,
        data={"checked_in_on": checked_in_on, "note": note},
    )
