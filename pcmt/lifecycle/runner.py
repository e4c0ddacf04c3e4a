"""The one transition runner: lock, scope, state, guards, effect and save, event, on commit."""

from functools import partial
from typing import Any

from django.db import models, transaction

from pcmt.lifecycle.declarations import Lifecycle, Step
from pcmt.lifecycle.guards import illegal
from pcmt.persons.models import Person
from pcmt.persons.summaries import person_summaries_refresh


def _locked(model: type[models.Model], obj_or_pk: Any) -> Any:
    """Lock only the row: PostgreSQL cannot lock the nullable side of an outer join."""
    pk = obj_or_pk.pk if isinstance(obj_or_pk, models.Model) else obj_or_pk
    return model._default_manager.select_for_update().get(pk=pk)


def transition_run(
    *,
    lifecycle: Lifecycle,
    name: str,
    actor: Any,
    obj_or_pk: Any,
    data: dict[str, Any],
    origin: str | None = None,
) -> Any:
    """Run one declared transition in one transaction and return the effect's result.

    Out of the actor's jurisdiction is `NotFound`; a transition the state does not allow
    is `illegal_transition` with the rule's message; a failed guard raises its own code.
    Nothing is written unless every check passes.
    """
    transition = lifecycle.transition(name)
    with transaction.atomic():
        if transition.initial:
            assert lifecycle.parent_model is not None and lifecycle.parent_check_write
            obj = _locked(lifecycle.parent_model, obj_or_pk)
            lifecycle.parent_check_write(actor, obj)
        else:
            obj = _locked(lifecycle.model, obj_or_pk)
            (transition.check_write or lifecycle.check_write)(actor, obj)
            if lifecycle.state(obj) not in transition.source:
                detail = transition.refused_detail
                raise illegal(detail(obj) if detail is not None else transition.refused)
        step = Step(lifecycle, transition, actor, obj, dict(data), origin)
        for guard in transition.guards:
            guard.check(step)
        if not transition.initial and isinstance(transition.target, str) and lifecycle.state_field:
            setattr(obj, lifecycle.state_field, transition.target)
        step.result = transition.effect(step)
        if not transition.initial:
            obj.save()
        subject = None
        if transition.event is not None:
            subject = (
                (lifecycle.parent_subject or (lambda parent: parent))(obj)
                if transition.initial
                else lifecycle.subject(obj)
            )
            lifecycle.record(subject, actor, transition.event, step.changes, step.note)
        if transition.then is not None:
            transition.then(step)
            if isinstance(subject, Person):
                # What follows the event (a category opened…) is counted too, in this transaction.
                person_summaries_refresh(subject.pk)
        for notice in transition.notify:
            transaction.on_commit(partial(notice, step), robust=True)
        return step.result
