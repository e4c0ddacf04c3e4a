"""Writes of residence moves, by name: each runs one declared transition (`lifecycles.py`,
which states the law of each step), except the arrival report, which finds the person by
personal ID number rather than acting on a row the officer already reaches."""

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from pcmt.accounts.scope import scope_for
from pcmt.casework.guards import check_date, locked, record_event
from pcmt.core.errors import DomainError, NotFound
from pcmt.geo.models import AdminUnit
from pcmt.lifecycle.runner import transition_run
from pcmt.notifications.messages import Message
from pcmt.notifications.services import notify, officers_of_commune
from pcmt.persons.models import EventAction, Person
from pcmt.residence import deadlines
from pcmt.residence.lifecycles import (
    MOVE,
    _check_destination,
    _check_no_open_move,
    _move_params,
    _new_move,
    _person_url,
    _reported,
    _summary,
)
from pcmt.residence.models import MoveOrigin, MoveStatus, ResidenceMove
from pcmt.residence.selectors import person_by_id_number


def move_record(
    *,
    actor: Any,
    person: Person,
    to_commune: AdminUnit | None,
    moved_on: datetime.date,
    new_address: str,
    moved_time: datetime.time | None = None,
) -> ResidenceMove:
    """The sending commune records that the person moved away; the notice is still due."""
    return transition_run(
        lifecycle=MOVE,
        name="move_record",
        actor=actor,
        obj_or_pk=person,
        data={
            "to_commune": to_commune,
            "moved_on": moved_on,
            "new_address": new_address,
            "moved_time": moved_time,
        },
    )


@transaction.atomic
def move_report_arrival(
    *,
    actor: Any,
    id_number: str,
    to_commune: AdminUnit | None,
    moved_on: datetime.date,
    new_address: str,
    reported_on: datetime.date,
    moved_time: datetime.time | None = None,
    reported_time: datetime.time | None = None,
) -> ResidenceMove:
    """The person reported at the new commune first: an officer there opens the move and
    the sending commune is told, so that it sends its notice (Law 120/2025: within 24 h)."""
    scope = scope_for(actor)
    if not scope.can_write_persons:
        raise NotFound()
    if to_commune is None or not scope.reaches_commune(to_commune):
        raise DomainError(
            "commune_out_of_scope", _("Choose a commune of your jurisdiction."), "to_commune"
        )
    found = person_by_id_number(id_number)
    if found is None:
        raise DomainError(
            "no_match", _("No person on record has this personal ID number."), "id_number"
        )
    person = locked(Person.objects.select_related("managing_commune"), found.pk)
    destination = _check_destination(person, to_commune)
    _check_no_open_move(person)
    move = _new_move(
        person=person,
        origin=MoveOrigin.ARRIVAL,
        status=MoveStatus.REPORTED,
        to_commune=destination,
        moved_on=moved_on,
        moved_time=moved_time,
        new_address=new_address,
        actor=actor,
    )
    check_date(reported_on, "reported_on", not_before=moved_on)
    move.reported_on = reported_on
    move.reported_time = reported_time
    move.reported_late = deadlines.is_late(
        deadlines.reported_at(reported_on, reported_time), move.report_due
    )
    move.save()
    record_event(
        person,
        actor,
        EventAction.MOVE_REPORTED,
        {},
        note=_summary(move) + ". " + _reported(move),
    )
    notify(
        officers_of_commune(move.from_commune),
        Message(
            gettext_noop(
                "%(law)s: %(name)s (born %(year)s) reported at %(to)s after moving on %(day)s. "
                "Send the notice of the move."
            ),
            _move_params(move),
        ),
        url=_person_url(person),
        person=person,
        key=f"move:{move.pk}:arrival",
        exclude=actor,
    )
    return move


def move_notify(*, actor: Any, move: ResidenceMove) -> ResidenceMove:
    """The sending commune notifies the receiving commune's officers."""
    return transition_run(lifecycle=MOVE, name="move_notify", actor=actor, obj_or_pk=move, data={})


def move_accept(
    *,
    actor: Any,
    move: ResidenceMove,
    reported_on: datetime.date | None = None,
    reported_time: datetime.time | None = None,
) -> ResidenceMove:
    """The receiving commune takes the record over: it becomes the managing commune."""
    return transition_run(
        lifecycle=MOVE,
        name="move_accept",
        actor=actor,
        obj_or_pk=move,
        data={"reported_on": reported_on, "reported_time": reported_time},
    )


def move_cancel(*, actor: Any, move: ResidenceMove, reason: str) -> ResidenceMove:
    """The sending commune withdraws a move before the receiving commune accepts it."""
    return transition_run(
        lifecycle=MOVE, name="move_cancel", actor=actor, obj_or_pk=move, data={"reason": reason}
    )


def move_refuse(*, actor: Any, move: ResidenceMove, reason: str) -> ResidenceMove:
    """The receiving commune refuses the move, with a reason; the record stays where it is."""
    return transition_run(
        lifecycle=MOVE, name="move_refuse", actor=actor, obj_or_pk=move, data={"reason": reason}
    )
