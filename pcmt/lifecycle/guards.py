"""The guards transitions declare: dates, the law in force on the event's date, required fields.

Each raises a `DomainError` with a stable code and a translated message naming the field.
"""

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.capabilities import Capability, capability_check
from pcmt.accounts.scope import scope_for
from pcmt.core.errors import DomainError, NotFound
from pcmt.lifecycle.declarations import Guard, Step, Text
from pcmt.rules import NoLawInForce
from pcmt.rules.base import LawRules
from pcmt.rules.selectors import rules_in_force


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


def person_writable(actor: Any, person: Any) -> None:
    """Only an officer whose jurisdiction holds the person's managing commune may write."""
    scope = scope_for(actor)
    if not scope.can_write_persons or not scope.reaches_commune(person.managing_commune):
        raise NotFound()


def commune_writable(commune_of: Callable[[Any], Any]) -> Callable[[Any, Any], None]:
    """The scope hook of a subject kept by a commune (a place, a plan…)."""

    def check(actor: Any, obj: Any) -> None:
        scope = scope_for(actor)
        if not scope.can_write_persons or not scope.reaches_commune(commune_of(obj)):
            raise NotFound()

    return check


def dated(
    field: str, *, after: Callable[[Any], datetime.date | None] | None = None, previous: Text = ""
) -> Guard:
    """The date is not in the future and not before the step it follows (`after(row)`)."""

    def check(step: Step) -> None:
        check_date(step.data[field], field, not_before=after(step.obj) if after else None)

    describe = _("%(field)s not in the future") % {"field": field}
    if after is not None:
        describe = _("%(field)s not in the future, not before %(previous)s") % {
            "field": field,
            "previous": previous,
        }
    return Guard(describe, check)


def law_in_force(field: str) -> Guard:
    """A law PCMT applies is in force on the date; the step keeps its rules."""

    def check(step: Step) -> None:
        step.rules = rules_on(step.data[field], field)

    return Guard(_("a law in force on %(field)s") % {"field": field}, check)


def required(fields: Iterable[str], code: str, message: Text, field: str | None = None) -> Guard:
    """Each field holds more than blanks."""
    names = tuple(fields)

    def check(step: Step) -> None:
        if any(not str(step.data.get(name) or "").strip() for name in names):
            raise DomainError(code, message, field or names[0])

    return Guard(_("required: %(fields)s") % {"fields": ", ".join(names)}, check)


def one_of(field: str, values: Callable[[Step], Iterable[str]], code: str, message: Text) -> Guard:
    """The field holds one of the values the step allows (a choice list, the law's list)."""

    def check(step: Step) -> None:
        if step.data.get(field) not in set(values(step)):
            raise DomainError(code, message, field)

    return Guard(_("%(field)s among the allowed values") % {"field": field}, check)


def rule(describe: Text, check: Callable[[Step], None]) -> Guard:
    """Any other check, described for the diagrams' table."""
    return Guard(describe, check)


def capability(needed: Capability, *, when: Callable[[Step], bool] | None = None) -> Guard:
    """The actor's agency kind does this by its mandate (`accounts/capabilities.py`);
    `when` limits the check to some steps (e.g. one end reason)."""

    def check(step: Step) -> None:
        if when is None or when(step):
            capability_check(step.actor, needed)

    def describe() -> str:
        return str(_("an agency that may %(capability)s") % {"capability": needed.label})

    return Guard(lazy(describe, str)(), check)
