"""The checks every episode write makes, shared by casework, rehab, moves and support.

The declared lifecycles (`pcmt/lifecycle`) run them; the date, law and illegal-transition
checks live in `pcmt/lifecycle/guards.py`. `record_event` is the one event writer.
"""

from typing import Any

from django.db import models

from pcmt.audit.models import Event
from pcmt.lifecycle.guards import check_date, illegal, person_writable, rules_on
from pcmt.persons.events import person_event_record
from pcmt.persons.models import Person

__all__ = ["check_date", "check_write", "illegal", "locked", "record_event", "rules_on"]


def check_write(actor: Any, person: Person) -> None:
    """Only an officer whose jurisdiction holds the person's managing commune may write."""
    person_writable(actor, person)


def locked[M: models.Model](queryset: models.QuerySet[M], pk: int) -> M:
    """The row, locked for the rest of the transaction."""
    return queryset.select_for_update().get(pk=pk)


def record_event(
    person: Person, actor: Any, action: str, changes: dict[str, Any], note: str = ""
) -> Event:
    """One event on the person's stream, in the same transaction as the change."""
    return person_event_record(
        person=person, actor=actor, action=action, changes=changes, note=note
    )
