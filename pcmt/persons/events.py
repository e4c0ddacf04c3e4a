"""A person's stream in the event log: writes and the reads of the personal record."""

from typing import Any

from pcmt.audit.models import Event
from pcmt.audit.origin import current_origin
from pcmt.audit.services import event_record
from pcmt.persons.models import PERSON_STREAM, READ_ACTION, Person
from pcmt.persons.summaries import person_summaries_refresh


def _id(person: Person | int) -> int:
    return person.pk if isinstance(person, Person) else int(person)


def person_event_record(
    *,
    person: Person | int,
    actor: Any,
    action: str,
    changes: dict[str, Any] | None = None,
    note: str = "",
    law: str = "",
    sealed: dict[str, Any] | None = None,
) -> Event:
    """One event on the person's stream, in the caller's transaction.

    Every change to a person is recorded here, after the change: the summaries follow it."""
    person_summaries_refresh(_id(person))
    return event_record(
        stream=PERSON_STREAM,
        subject_id=_id(person),
        actor=actor,
        action=action,
        changes=changes,
        law=law,
        note=note,
        sealed=sealed,
    )


def person_read_record(*, person: Person | int, user: Any, channel: str) -> Event:
    """A read of the personal record (page or API), attributable to its user."""
    return event_record(
        stream=PERSON_STREAM,
        subject_id=_id(person),
        actor=user,
        action=READ_ACTION,
        origin=current_origin().with_channel(channel),
    )
