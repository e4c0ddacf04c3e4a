"""Writes of residence moves. Each transition is checked against the law of the move date.

Law 120/2025 (moves on or after 1/7/2026): the person reports at the new commune within
24 hours of moving, and the sending commune police notify the receiving commune within
24 hours. Both limits run from the move; a notice or report after them is kept and flagged
late, never refused.

Law 73/2021 (moves before 1/7/2026) sets no hour limit for either (Decree 105/2021 leaves the
exchange between communes to their police). PCMT runs the same steps — the receiving commune
is notified and takes the record over — with no deadline and no late flag.

Who does what: the sending commune (the one managing the record) records, notifies and may
cancel before the takeover; the receiving commune accepts (the record passes to it) or
refuses with a reason. When the person reports at the new commune first, an officer there
finds the record by the exact personal ID number and opens the move; the sending commune is
told and must still send its notice. After the takeover the sending commune keeps reading
the record (`Scope.person_q`); only the managing commune writes.
"""

import datetime
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.scope import scope_for
from pcmt.casework.guards import check_date, check_write, illegal, locked, record_event, rules_on
from pcmt.core.errors import DomainError, NotFound
from pcmt.geo.models import AdminUnit
from pcmt.notifications.services import notify, officers_of_commune
from pcmt.persons.models import EventAction, Person
from pcmt.residence import deadlines
from pcmt.residence.models import OPEN_STATUSES, MoveOrigin, MoveStatus, ResidenceMove
from pcmt.residence.selectors import person_by_id_number


def _law_prefix(move: ResidenceMove) -> str:
    return _t("Law 120/2025") if move.law_code == "law_120_2025" else _t("Law 73/2021")


def _check_receiver(actor: Any, move: ResidenceMove) -> None:
    """Only an officer whose jurisdiction holds the receiving commune acts for it."""
    scope = scope_for(actor)
    if not scope.can_write_persons or not scope.reaches_commune(move.to_commune):
        raise NotFound()


def _check_destination(person: Person, to_commune: AdminUnit | None) -> AdminUnit:
    if to_commune is None or to_commune.is_province:
        raise DomainError("commune_required", _("Choose the receiving commune."), "to_commune")
    if not AdminUnit.objects.communes().in_force().filter(pk=to_commune.pk).exists():
        raise DomainError("commune_not_in_force", _("This commune no longer exists."), "to_commune")
    if to_commune.pk == person.managing_commune_id:
        raise DomainError(
            "same_commune",
            _("The person is already managed by this commune."),
            "to_commune",
        )
    return to_commune


def _check_no_open_move(person: Person) -> None:
    if ResidenceMove.objects.filter(person=person, status__in=OPEN_STATUSES).exists():
        raise illegal(_("The person already has a move under way; finish or cancel it first."))


def _person_url(person: Person) -> str:
    return reverse("person_detail", kwargs={"pk": person.pk})


def _moves_url() -> str:
    return reverse("move_list")


def _dates(move: ResidenceMove) -> dict[str, str]:
    return {
        "name": move.person.full_name,
        "year": str(move.person.birth_year),
        "day": move.moved_on.strftime("%d/%m/%Y"),
        "from": move.from_commune.full_name,
        "to": move.to_commune.full_name,
    }


def _summary(move: ResidenceMove) -> str:
    """The move in one line of the person's timeline."""
    return f"{move.from_commune.full_name} → {move.to_commune.full_name}, " + (
        f"{move.moved_on:%d/%m/%Y}: {move.new_address}"
    )


def _reported(move: ResidenceMove) -> str:
    assert move.reported_on is not None
    text = _t("Reported at the new commune on %(day)s") % {
        "day": move.reported_on.strftime("%d/%m/%Y")
    }
    if move.reported_late:
        text += ". " + _t("Law 120/2025: reported later than 24 hours")
    return text


def _new_move(
    *,
    person: Person,
    origin: str,
    status: str,
    to_commune: AdminUnit,
    moved_on: datetime.date,
    moved_time: datetime.time | None,
    new_address: str,
    actor: Any,
) -> ResidenceMove:
    check_date(moved_on, "moved_on")
    rules = rules_on(moved_on, "moved_on")
    if not new_address.strip():
        raise DomainError("address_required", _("Enter the new address."), "new_address")
    from_commune = person.managing_commune
    assert from_commune.parent_id is not None and to_commune.parent_id is not None
    return ResidenceMove(
        person=person,
        origin=origin,
        status=status,
        law_code=rules.code,
        from_commune=from_commune,
        from_province_id=from_commune.parent_id,
        to_commune=to_commune,
        to_province_id=to_commune.parent_id,
        new_address=new_address.strip(),
        moved_on=moved_on,
        moved_time=moved_time,
        # Law 120/2025: notice and report within 24 hours of the move.
        notify_due=deadlines.due_after(moved_on, moved_time, rules.move_notify_hours),
        report_due=deadlines.due_after(moved_on, moved_time, rules.move_report_hours),
        recorded_by=actor,
    )


@transaction.atomic
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
    person = locked(Person.objects.select_related("managing_commune"), person.pk)
    check_write(actor, person)
    destination = _check_destination(person, to_commune)
    _check_no_open_move(person)
    move = _new_move(
        person=person,
        origin=MoveOrigin.SENDER,
        status=MoveStatus.RECORDED,
        to_commune=destination,
        moved_on=moved_on,
        moved_time=moved_time,
        new_address=new_address,
        actor=actor,
    )
    move.save()
    record_event(
        person,
        actor,
        EventAction.MOVE_REPORTED,
        {},
        note=_summary(move),
    )
    return move


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
        _t(
            "%(law)s: %(name)s (born %(year)s) reported at %(to)s after moving on %(day)s. "
            "Send the notice of the move."
        )
        % {"law": _law_prefix(move), **_dates(move)},
        url=_person_url(person),
        person=person,
        key=f"move:{move.pk}:arrival",
        exclude=actor,
    )
    return move


@transaction.atomic
def move_notify(*, actor: Any, move: ResidenceMove) -> ResidenceMove:
    """The sending commune notifies the receiving commune's officers. Under Law 120/2025 a
    notice later than 24 hours after the move is flagged late."""
    move = locked(
        ResidenceMove.objects.select_related("person__managing_commune", "to_commune"), move.pk
    )
    check_write(actor, move.person)
    if move.status not in (MoveStatus.RECORDED, MoveStatus.REPORTED):
        raise illegal(_("Only a move not yet notified can be notified."))
    now = timezone.now()
    move.status = MoveStatus.NOTIFIED
    move.notified_at = now
    move.notified_by = actor
    move.notified_late = deadlines.is_late(now, move.notify_due)
    move.save()
    record_event(
        move.person,
        actor,
        EventAction.MOVE_NOTIFIED,
        {},
        note=_summary(move)
        + (". " + _t("Law 120/2025: notice later than 24 hours") if move.notified_late else ""),
    )
    if move.report_due is not None:
        ask = _t("Accept the record once the person reports (within 24 hours of the move).")
    else:
        ask = _t("Accept the record once the person reports.")
    notify(
        officers_of_commune(move.to_commune),
        _t("%(law)s: %(name)s (born %(year)s) moved from %(from)s to %(to)s on %(day)s.")
        % {"law": _law_prefix(move), **_dates(move)}
        + " "
        + ask,
        url=_person_url(move.person),
        person=move.person,
        key=f"move:{move.pk}:notified",
        exclude=actor,
    )
    return move


@transaction.atomic
def move_accept(
    *,
    actor: Any,
    move: ResidenceMove,
    reported_on: datetime.date | None = None,
    reported_time: datetime.time | None = None,
) -> ResidenceMove:
    """The receiving commune takes the record over: it becomes the managing commune. The day
    the person reported is recorded; under Law 120/2025 a report after 24 hours is late."""
    move = locked(
        ResidenceMove.objects.select_related("person", "to_commune", "from_commune"), move.pk
    )
    _check_receiver(actor, move)
    if move.status != MoveStatus.NOTIFIED:
        raise illegal(_("Only a move the receiving commune was notified of can be accepted."))
    if move.reported_on is None:
        if reported_on is None:
            raise DomainError(
                "report_date_required",
                _("Enter the day the person reported at the new commune."),
                "reported_on",
            )
        check_date(reported_on, "reported_on", not_before=move.moved_on)
        move.reported_on = reported_on
        move.reported_time = reported_time
        move.reported_late = deadlines.is_late(
            deadlines.reported_at(reported_on, reported_time), move.report_due
        )
    person = locked(Person.objects.all(), move.person_id)
    before = {
        "managing_commune_id": person.managing_commune_id,
        "current_commune_id": person.current_commune_id,
        "current_address": person.current_address,
    }
    Person.objects.filter(pk=person.pk).update(
        managing_commune=move.to_commune,
        managing_province_id=move.to_province_id,
        current_commune=move.to_commune,
        current_village=None,
        current_address=move.new_address,
        updated_at=timezone.now(),
    )
    move.status = MoveStatus.ACCEPTED
    move.accepted_at = timezone.now()
    move.decided_by = actor
    move.save()
    after = {
        "managing_commune_id": move.to_commune_id,
        "current_commune_id": move.to_commune_id,
        "current_address": move.new_address,
    }
    record_event(
        person,
        actor,
        EventAction.MOVE_ACCEPTED,
        {k: [before[k], after[k]] for k in before if before[k] != after[k]},
        note=_reported(move),
    )
    notify(
        officers_of_commune(move.from_commune),
        _t("%(name)s (born %(year)s): the record has been taken over by %(to)s.") % _dates(move),
        url=_person_url(person),
        person=person,
        key=f"move:{move.pk}:accepted",
        exclude=actor,
    )
    return move


def _reason(reason: str) -> str:
    if not reason.strip():
        raise DomainError("reason_required", _("Enter the reason."), "reason")
    return reason.strip()[:300]


@transaction.atomic
def move_cancel(*, actor: Any, move: ResidenceMove, reason: str) -> ResidenceMove:
    """The sending commune withdraws a move before the receiving commune accepts it."""
    move = locked(
        ResidenceMove.objects.select_related("person__managing_commune", "to_commune"), move.pk
    )
    check_write(actor, move.person)
    if move.status not in OPEN_STATUSES:
        raise illegal(_("Only a move not yet accepted or refused can be cancelled."))
    told = move.status != MoveStatus.RECORDED
    move.reason = _reason(reason)
    move.status = MoveStatus.CANCELLED
    move.closed_at = timezone.now()
    move.decided_by = actor
    move.save()
    record_event(
        move.person,
        actor,
        EventAction.MOVE_CANCELLED,
        {},
        note=_summary(move) + ". " + move.reason,
    )
    if told:
        notify(
            officers_of_commune(move.to_commune),
            _t("The move of %(name)s (born %(year)s) to %(to)s has been cancelled: %(reason)s")
            % {**_dates(move), "reason": move.reason},
            url=_moves_url(),
            key=f"move:{move.pk}:cancelled",
            exclude=actor,
        )
    return move


@transaction.atomic
def move_refuse(*, actor: Any, move: ResidenceMove, reason: str) -> ResidenceMove:
    """The receiving commune refuses the move, with a reason; the record stays where it is."""
    move = locked(
        ResidenceMove.objects.select_related("person", "to_commune", "from_commune"), move.pk
    )
    _check_receiver(actor, move)
    if move.status not in (MoveStatus.NOTIFIED, MoveStatus.REPORTED):
        raise illegal(_("Only a move awaiting acceptance can be refused."))
    move.reason = _reason(reason)
    move.status = MoveStatus.REFUSED
    move.closed_at = timezone.now()
    move.decided_by = actor
    move.save()
    record_event(
        move.person,
        actor,
        EventAction.MOVE_CANCELLED,
        {},
        note=_t("Refused by %(to)s: %(reason)s")
        % {"to": move.to_commune.full_name, "reason": move.reason},
    )
    notify(
        officers_of_commune(move.from_commune),
        _t("%(to)s refused the move of %(name)s (born %(year)s): %(reason)s")
        % {**_dates(move), "reason": move.reason},
        url=_person_url(move.person),
        person=move.person,
        key=f"move:{move.pk}:refused",
        exclude=actor,
    )
    return move
