"""The checks every episode write makes, shared by casework, rehab, moves and support.

A write locks its row, checks the actor reaches the person, checks the dates and the
transition against the law in force on the event's date, saves, and writes one event.
"""

import datetime
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.scope import scope_for
from pcmt.audit.models import Event
from pcmt.core.errors import DomainError, NotFound
from pcmt.persons.events import person_event_record
from pcmt.persons.models import Person
from pcmt.rules import NoLawInForce
from pcmt.rules.base import LawRules
from pcmt.rules.selectors import rules_in_force


def check_write(actor: Any, person: Person) -> None:
    """Only an officer whose jurisdiction holds the person's managing commune may write."""
    scope = scope_for(actor)
    if not scope.can_write_persons or not scope.reaches_commune(person.managing_commune):
        raise NotFound()


def check_date(day: datetime.date, field: str, *, not_before: datetime.date | None = None) -> None:
    """Dates of events are not in the future and not before the step they follow."""
    if day > timezone.localdate():
        raise DomainError("date_in_future", _("The date cannot be in the future."), field)
    if not_before is not None and day < not_before:
        raise DomainError(
            "date_before_previous_step",
            _("The date is before the previous step (%(day)s).")
            % {"day": not_before.strftime("%d/%m/%Y")},
            field,
        )


def rules_on(day: datetime.date, field: str) -> LawRules:
    """The law in force on `day`, or a field error if PCMT applies none then."""
    try:
        return rules_in_force(day)
    except NoLawInForce as exc:
        raise DomainError(
            "no_law_in_force", _("PCMT applies the law from 1/1/2022 on."), field
        ) from exc


def illegal(message: Any) -> DomainError:
    """A transition the law does not allow; the message names the rule."""
    return DomainError("illegal_transition", message)


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
