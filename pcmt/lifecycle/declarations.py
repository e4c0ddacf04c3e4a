"""A lifecycle declared once: its states and, for each transition, who, guards, effect, event.

The runner (`runner.py`), the page and API views (`views.py`), the OpenAPI schema and the
state diagrams (`diagrams.py`) are all derived from these declarations.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import TextChoices
from django.utils.functional import Promise
from rest_framework import serializers

from pcmt.rules.base import LawRules

# The "from" of a transition that creates the row from its parent (e.g. a person).
INITIAL = "[*]"

Text = str | Promise


@dataclass
class Step:
    """One run of a transition: what the guards and the effect read and write."""

    lifecycle: "Lifecycle"
    transition: "Transition"
    actor: Any
    obj: Any  # the locked row, or the locked parent for an INITIAL transition
    data: dict[str, Any]
    origin: str | None = None
    rules: LawRules | None = None  # the law in force, set by a `law_in_force` guard
    changes: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    result: Any = None

    @property
    def day(self) -> datetime.date | None:
        """The event's date: the transition's first date field."""
        return self.data.get(self.transition.date_field) if self.transition.date_field else None


@dataclass(frozen=True)
class Guard:
    """A check before anything is written; raises `DomainError` with a stable code."""

    describe: Text  # for the diagrams' table
    check: Callable[[Step], None]


@dataclass(frozen=True)
class Transition:
    name: str
    label: Text  # the verb, shown in diagrams and as the API summary
    source: tuple[str, ...]  # states it leaves; (INITIAL,) when it creates the row
    # The state it enters; None when the state does not change; several when the data
    # decides (the effect then sets the state to one of them).
    target: str | tuple[str, ...] | None
    refused: Text  # the rule an illegal transition breaks, e.g. "Only a management under way…"
    form: Any  # a Form class: the fields it takes; the API serializer is derived unless given
    effect: Callable[[Step], Any]  # sets fields, creates related rows; returns the result
    path: str  # the same route for the page (POST) and under /api/v1/
    page_name: str
    api_name: str
    response: type[serializers.Serializer]  # what the API returns
    done: Text  # the page's success message
    event: str | None = None  # action code; changes and note come from the effect
    guards: tuple[Guard, ...] = ()
    serializer: type[serializers.Serializer] | None = None
    created: bool = False  # the API answers 201
    # The object the API returns, from the locked row and the effect's result.
    respond: Callable[[Any, Any], Any] | None = None
    then: Callable[[Step], None] | None = (
        None  # follow-ups in the same transaction, after the event
    )
    notify: tuple[Callable[[Step], None], ...] = ()  # run once the write has committed
    who: Text | None = None  # overrides the lifecycle's, for the diagrams
    # The API body may pick a sibling transition (one opening route for several kinds):
    # returns the name to run and its data.
    choose: Callable[[dict[str, Any]], tuple[str, dict[str, Any]]] | None = None
    date_field: str | None = None  # the event's date
    form_kwargs: Callable[[Any], dict[str, Any]] | None = None  # the form's extra arguments
    refused_detail: Callable[[Any], Text] | None = None  # `refused` with the row's facts
    # Who may run it when not the lifecycle's `check_write` (e.g. the receiving commune).
    check_write: Callable[[Any, Any], None] | None = None

    @property
    def targets(self) -> tuple[str, ...]:
        if self.target is None:
            return ()
        return self.target if isinstance(self.target, tuple) else (self.target,)

    @property
    def initial(self) -> bool:
        return INITIAL in self.source


@dataclass(frozen=True)
class Lifecycle:
    """States and transitions of one model, and the hooks that tie it to its subject.

    `load(scope, pk)` finds the row in a reader's scope (NotFound outside);
    `check_write(actor, obj)` raises NotFound unless the actor may write to the row's
    subject (a person's managing commune, a place's commune…); `subject(obj)` is what the
    event is about; `record(subject, actor, action, changes, note)` writes the event.
    For INITIAL transitions the same hooks with `parent_` run on the parent row.
    """

    name: str
    label: Text
    model: type[models.Model]
    state_field: str | None  # None when the state is derived, see `state_of`
    states: type[TextChoices]
    url_kwarg: str
    load: Callable[..., Any]
    check_write: Callable[[Any, Any], None]
    subject: Callable[[Any], Any]
    record: Callable[..., Any]
    transitions: tuple[Transition, ...]
    who: Text = ""
    parent_model: type[models.Model] | None = None
    parent_url_kwarg: str = "pk"
    parent_load: Callable[..., Any] | None = None
    parent_check_write: Callable[[Any, Any], None] | None = None
    parent_subject: Callable[[Any], Any] | None = None
    # The page's answer after a POST, from the request and the row (or parent) acted on;
    # by default the person's page.
    redirect: Callable[[Any, Any], Any] | None = None
    parent_redirect: Callable[[Any, Any], Any] | None = None
    state_of: Callable[[Any], str] | None = None  # the state when no field holds it

    def state(self, obj: Any) -> str:
        if self.state_of is not None:
            return self.state_of(obj)
        assert self.state_field is not None
        return str(getattr(obj, self.state_field))

    def transition(self, name: str) -> Transition:
        for transition in self.transitions:
            if transition.name == name:
                return transition
        raise KeyError(f"{self.name} has no transition {name!r}")


REGISTRY: dict[str, Lifecycle] = {}


def register(lifecycle: Lifecycle) -> Lifecycle:
    """Make a lifecycle known to the diagrams and the checks; returns it."""
    names = [t.name for t in lifecycle.transitions]
    if len(names) != len(set(names)):
        raise ValueError(f"{lifecycle.name}: two transitions share a name")
    for transition in lifecycle.transitions:
        for state in (*transition.source, *transition.targets):
            if state not in (INITIAL, None) and state not in lifecycle.states.values:
                raise ValueError(f"{lifecycle.name}.{transition.name}: unknown state {state}")
    REGISTRY[lifecycle.name] = lifecycle
    return lifecycle


def lifecycles() -> list[Lifecycle]:
    return sorted(REGISTRY.values(), key=lambda lifecycle: lifecycle.name)
