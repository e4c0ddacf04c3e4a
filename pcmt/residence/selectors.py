"""Reads of residence moves, always through the jurisdiction scope."""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pcmt.core import crypto
from pcmt.core.errors import NotFound
from pcmt.core.extensions import Deadline, WorkItem, person_records
from pcmt.core.worklists import WorklistQuery, as_datetime
from pcmt.geo.models import DivisionType
from pcmt.persons.events import person_read_record
from pcmt.persons.idnumbers import normalize_id
from pcmt.persons.models import Person
from pcmt.residence.models import OPEN_STATUSES, MoveOrigin, MoveStatus, ResidenceMove
from pcmt.rules import law_title

if TYPE_CHECKING:
    from pcmt.accounts.scope import Scope


def persons_reached_by_moves(scope: "Scope") -> QuerySet[ResidenceMove, int]:
    """Person ids a scope reads because of a move (a subquery for `Scope.person_q`):
    the sending side keeps the persons who moved out, the receiving side reads the persons
    whose move awaits its acceptance. Both go through partial indexes."""
    sent = Q(status=MoveStatus.ACCEPTED) & scope.province_q("from_province", "from_commune")
    awaited = Q(status=MoveStatus.NOTIFIED) & scope.province_q("to_province", "to_commune")
    return ResidenceMove.objects.filter(sent | awaited).values_list("person_id", flat=True)


def _receiver_knows() -> Q:
    """The receiving commune learns of a move once notified, or when it opened the move."""
    return Q(notified_at__isnull=False) | Q(origin=MoveOrigin.ARRIVAL)


def moves_visible(scope: "Scope", direction: str = "") -> QuerySet[ResidenceMove]:
    """Moves out of the jurisdiction ("out"), into it ("in"), or both."""
    if not scope.can_read_persons:
        return ResidenceMove.objects.none()
    out = scope.province_q("from_province", "from_commune")
    into = scope.province_q("to_province", "to_commune") & _receiver_knows()
    condition = {"out": out, "in": into}.get(direction, out | into)
    return ResidenceMove.objects.filter(condition)


def move_get(*, scope: "Scope", pk: object) -> ResidenceMove:
    try:
        return (
            moves_visible(scope)
            .select_related("person", "from_commune", "to_commune")
            .get(pk=int(str(pk)))
        )
    except (ResidenceMove.DoesNotExist, ValueError) as exc:
        raise NotFound() from exc


def person_moves(person: Person) -> list[ResidenceMove]:
    """A person's moves, newest first (the caller checked access to the person); read once
    for the page, its section and its deadlines."""
    return person_records(
        person,
        "residence",
        lambda: list(person.moves.select_related("from_commune", "to_commune")),
    )


def person_by_id_number(id_number: str) -> Person | None:
    """The one person with this exact 12-digit personal ID number, through its keyed hash."""
    digits = normalize_id(id_number)
    if len(digits) != 12 or not digits.isdigit():
        return None
    found = list(
        Person.objects.filter(id_number_hash=crypto.lookup_hash("id", digits)).select_related(
            "managing_commune__parent"
        )[:2]
    )
    return found[0] if len(found) == 1 else None


@dataclass(frozen=True)
class LookupResult:
    """The least a receiving commune needs to recognise the person: nothing else."""

    full_name: str
    birth_year: int
    sending_commune: str


def person_lookup(
    *, scope: "Scope", id_number: str, user: Any = None, channel: str = ""
) -> LookupResult | None:
    """For a receiving-commune officer: who has this exact ID number. No match gives None,
    the same whatever the reason. A match by a user is logged as a read of the record."""
    if not scope.can_write_persons:
        raise NotFound()
    person = person_by_id_number(id_number)
    if person is None:
        return None
    if user is not None and channel:
        person_read_record(person=person, user=user, channel=channel)
    commune = person.managing_commune
    province = commune.parent
    return LookupResult(
        full_name=person.full_name,
        birth_year=person.birth_year,
        sending_commune=f"{commune.full_name}, {province.full_name}" if province else str(commune),
    )


# --- worklist -------------------------------------------------------------------------------


_MOVE_FIELDS = {
    "person_id": F("person_id"),
    "person_name": F("person__full_name"),
    "commune_name": F("from_commune__name"),
    "to_type": F("to_commune__division_type"),
    "to_name": F("to_commune__name"),
}


def _to_commune(move: dict[str, Any]) -> str:
    """The receiving commune's full name, as `AdminUnit.full_name` writes it."""
    return f"{dict(DivisionType.choices).get(move['to_type'], '')} {move['to_name']}"


def _when(due: datetime.datetime | None) -> str:
    return f" ({timezone.localtime(due):%H:%M %d/%m/%Y})" if due else ""


def _move_section(
    key: str,
    title: Any,
    moves: QuerySet[ResidenceMove],
    limit: int,
    due_field: str,
    label: Any,
) -> WorklistQuery:
    def item(move: dict[str, Any]) -> WorkItem:
        due = as_datetime(move["due"])
        return WorkItem(
            person_id=move["person_id"],
            person_name=move["person_name"],
            commune_name=move["commune_name"],
            label=label(move, due),
            due=timezone.localtime(due).date() if due else None,
            url=reverse("person_detail", kwargs={"pk": move["person_id"]}),
        )

    return WorklistQuery(
        key=key,
        title=str(title),
        rows=moves,
        fields={**_MOVE_FIELDS, "due": F(due_field)},
        item=item,
        commune=None,
        limit=limit,
    )


def worklist_to_notify(scope: "Scope", today: datetime.date, limit: int) -> WorklistQuery:
    """Sending side: moves whose notice is still to be sent, earliest deadline first."""
    moves = (
        moves_visible(scope, "out")
        .filter(status__in=[MoveStatus.RECORDED, MoveStatus.REPORTED])
        .order_by("notify_due", "moved_on", "pk")
    )
    return _move_section(
        "moves_to_notify",
        _("Moves to notify"),
        moves,
        limit,
        "notify_due",
        lambda m, due: str(_("Notify %(to)s of the move") % {"to": _to_commune(m)}) + _when(due),
    )


def worklist_to_accept(scope: "Scope", today: datetime.date, limit: int) -> WorklistQuery:
    """Receiving side: moves notified to the jurisdiction, awaiting its acceptance."""
    moves = moves_visible(scope, "in").filter(status=MoveStatus.NOTIFIED).order_by("moved_on", "pk")
    return _move_section(
        "moves_to_accept",
        _("Moves to accept"),
        moves,
        limit,
        "report_due",
        lambda m, due: str(_("Take over the record (moved to %(to)s)") % {"to": _to_commune(m)}),
    )


def worklist_reports_overdue(scope: "Scope", today: datetime.date, limit: int) -> WorklistQuery:
    """Both sides: persons who have not reported at the new commune within 24 hours of moving
    (Law 120/2025)."""
    moves = (
        moves_visible(scope)
        .filter(
            status__in=[MoveStatus.RECORDED, MoveStatus.NOTIFIED],
            reported_on__isnull=True,
            report_due__lt=timezone.now(),
        )
        .order_by("report_due", "pk")
    )
    return _move_section(
        "move_reports_overdue",
        _("Reports overdue"),
        moves,
        limit,
        "report_due",
        lambda m, due: str(
            _("Law 120/2025: not reported at %(to)s within 24 hours") % {"to": _to_commune(m)}
        ),
    )


def move_deadlines(person: Any) -> list[Deadline]:
    """The 24-hour limits of an open move (Law 120/2025); none under Law 73/2021."""
    found: list[Deadline] = []
    for move in person_moves(person):
        if move.status not in OPEN_STATUSES:
            continue
        if move.notified_at is None and move.notify_due is not None:
            day = timezone.localtime(move.notify_due).date()
            found.append(
                Deadline(day, str(_("Notify the receiving commune")), law_title(move.law_code))
            )
        if move.reported_on is None and move.report_due is not None:
            day = timezone.localtime(move.report_due).date()
            found.append(
                Deadline(day, str(_("Report at the new commune")), law_title(move.law_code))
            )
    return found
