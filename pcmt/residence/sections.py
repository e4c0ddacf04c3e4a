"""The moves section of the person's page and the worklist sections, registered at start-up."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from pcmt.accounts.scope import Scope
from pcmt.core.extensions import PersonSection
from pcmt.persons.models import Person
from pcmt.residence import selectors
from pcmt.residence.forms import MoveForm
from pcmt.residence.views import action_forms, actions_for


def person_section(request: HttpRequest, person: Person, scope: Scope) -> PersonSection | None:
    """The person's moves. Who does not manage the record (the commune it moved out of, or
    the one awaiting it) reads it here without the forms of the managing commune."""
    moves = selectors.person_moves(person)
    manages = scope.can_write_persons and scope.reaches_commune(person.managing_commune)
    context: dict[str, Any] = {
        "moves": [(move, actions_for(scope, move)) for move in moves],
        "manages": manages,
        "read_only": not scope.reaches_commune(person.managing_commune),
        "can_record": manages and not any(move.is_open for move in moves),
        "move_form": MoveForm(initial={"moved_on": timezone.localdate()}),
        "now": timezone.now(),
        **action_forms(),
    }
    return PersonSection("residence/_person_section.html", context)
