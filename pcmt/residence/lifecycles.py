"""The lifecycle of a residence move, declared once; each step is checked against the law of
the move date. Pages, API, schema and diagrams are derived from this table.

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

from django.db.models import F
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from pcmt.accounts.capabilities import Capability
from pcmt.accounts.scope import scope_for
from pcmt.casework.guards import record_event
from pcmt.casework.lifecycles import episode_person, episode_writable
from pcmt.core.errors import DomainError, NotFound
from pcmt.geo.models import AdminUnit
from pcmt.lifecycle.declarations import INITIAL, Lifecycle, Step, Transition, register
from pcmt.lifecycle.guards import (
    capability,
    check_date,
    illegal,
    person_writable,
    rule,
    rules_on,
)
from pcmt.notifications.messages import Message, translatable
from pcmt.notifications.services import notify, officers_of_commune
from pcmt.persons.models import EventAction, Person
from pcmt.persons.selectors import person_get, persons_visible
from pcmt.residence import deadlines, selectors
from pcmt.residence.forms import MoveAcceptForm, MoveForm, MoveNotifyForm, MoveReasonForm
from pcmt.residence.models import OPEN_STATUSES, MoveOrigin, MoveStatus, ResidenceMove
from pcmt.residence.serializers import (
    AcceptSerializer,
    MoveSerializer,
    MoveWriteSerializer,
    NotifySerializer,
    ReasonSerializer,
)


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


def _move_params(move: ResidenceMove) -> dict[str, Any]:
    """A move notice's parameters; the name and birth year come from the linked record."""
    law = "Law 120/2025" if move.law_code == "law_120_2025" else "Law 73/2021"
    return {
        "law": translatable(law),
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


# Effects ---------------------------------------------------------------------------------


def _destination(step: Step) -> None:
    step.data["to_commune"] = _check_destination(step.obj, step.data.get("to_commune"))
    _check_no_open_move(step.obj)


def _record(step: Step) -> ResidenceMove:
    """The sending commune records that the person moved away; the notice is still due."""
    move = _new_move(
        person=step.obj,
        origin=MoveOrigin.SENDER,
        status=MoveStatus.RECORDED,
        to_commune=step.data["to_commune"],
        moved_on=step.data["moved_on"],
        moved_time=step.data.get("moved_time"),
        new_address=step.data["new_address"],
        actor=step.actor,
    )
    move.save()
    step.note = _summary(move)
    return move


def _notify(step: Step) -> ResidenceMove:
    """The sending commune notifies the receiving commune's officers. Under Law 120/2025 a
    notice later than 24 hours after the move is flagged late."""
    move: ResidenceMove = step.obj
    now = timezone.now()
    move.notified_at = now
    move.notified_by = step.actor
    move.notified_late = deadlines.is_late(now, move.notify_due)
    step.note = _summary(move) + (
        ". " + _t("Law 120/2025: notice later than 24 hours") if move.notified_late else ""
    )
    return move


def _notify_receiver(step: Step) -> None:
    move: ResidenceMove = step.obj
    if move.report_due is not None:
        text = gettext_noop(
            "%(law)s: %(name)s (born %(year)s) moved from %(from)s to %(to)s on %(day)s. "
            "Accept the record once the person reports (within 24 hours of the move)."
        )
    else:
        text = gettext_noop(
            "%(law)s: %(name)s (born %(year)s) moved from %(from)s to %(to)s on %(day)s. "
            "Accept the record once the person reports."
        )
    notify(
        officers_of_commune(move.to_commune),
        Message(text, _move_params(move)),
        url=_person_url(move.person),
        person=move.person,
        key=f"move:{move.pk}:notified",
        exclude=step.actor,
    )


def _report_dated(step: Step) -> None:
    """The day the person reported, unless the arrival report already gave it."""
    move: ResidenceMove = step.obj
    if move.reported_on is not None:
        return
    reported_on = step.data.get("reported_on")
    if reported_on is None:
        raise DomainError(
            "report_date_required",
            _("Enter the day the person reported at the new commune."),
            "reported_on",
        )
    check_date(reported_on, "reported_on", not_before=move.moved_on)


def _accept(step: Step) -> ResidenceMove:
    """The receiving commune takes the record over: it becomes the managing commune. The day
    the person reported is recorded; under Law 120/2025 a report after 24 hours is late."""
    move: ResidenceMove = step.obj
    if move.reported_on is None:
        move.reported_on = step.data["reported_on"]
        move.reported_time = step.data.get("reported_time")
        move.reported_late = deadlines.is_late(
            deadlines.reported_at(move.reported_on, move.reported_time), move.report_due
        )
    person = Person.objects.select_for_update().get(pk=move.person_id)
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
        version=F("version") + 1,  # an edit opened before the take-over is stale
    )
    move.accepted_at = timezone.now()
    move.decided_by = step.actor
    after = {
        "managing_commune_id": move.to_commune_id,
        "current_commune_id": move.to_commune_id,
        "current_address": move.new_address,
    }
    step.changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    step.note = _reported(move)
    return move


def _notify_sender_taken_over(step: Step) -> None:
    move: ResidenceMove = step.obj
    notify(
        officers_of_commune(move.from_commune),
        Message(
            gettext_noop("%(name)s (born %(year)s): the record has been taken over by %(to)s."),
            _move_params(move),
        ),
        url=_person_url(move.person),
        person=move.person,
        key=f"move:{move.pk}:accepted",
        exclude=step.actor,
    )


def _reason(step: Step) -> None:
    reason = step.data.get("reason") or ""
    if not reason.strip():
        raise DomainError("reason_required", _("Enter the reason."), "reason")
    step.data["reason"] = reason.strip()[:300]


def _cancel_reason(step: Step) -> None:
    _reason(step)
    # The receiving commune is told only if it was notified (or the person reported there).
    step.data["told"] = step.obj.status != MoveStatus.RECORDED


def _cancel(step: Step) -> ResidenceMove:
    """The sending commune withdraws a move before the receiving commune accepts it."""
    move: ResidenceMove = step.obj
    move.reason = step.data["reason"]
    move.closed_at = timezone.now()
    move.decided_by = step.actor
    step.note = _summary(move) + ". " + move.reason
    return move


def _notify_receiver_cancelled(step: Step) -> None:
    move: ResidenceMove = step.obj
    if step.data["told"]:
        notify(
            officers_of_commune(move.to_commune),
            Message(
                gettext_noop(
                    "The move of %(name)s (born %(year)s) to %(to)s has been cancelled: %(reason)s"
                ),
                # No link to the person here: the receiving commune never held the record.
                {**_move_params(move), "name": move.person.full_name, "reason": move.reason},
            ),
            url=_moves_url(),
            key=f"move:{move.pk}:cancelled",
            exclude=step.actor,
        )


def _refuse(step: Step) -> ResidenceMove:
    """The receiving commune refuses the move, with a reason; the record stays where it is."""
    move: ResidenceMove = step.obj
    move.reason = step.data["reason"]
    move.closed_at = timezone.now()
    move.decided_by = step.actor
    step.note = _t("Refused by %(to)s: %(reason)s") % {
        "to": move.to_commune.full_name,
        "reason": move.reason,
    }
    return move


def _notify_sender_refused(step: Step) -> None:
    move: ResidenceMove = step.obj
    notify(
        officers_of_commune(move.from_commune),
        Message(
            gettext_noop("%(to)s refused the move of %(name)s (born %(year)s): %(reason)s"),
            {**_move_params(move), "reason": move.reason},
        ),
        url=_person_url(move.person),
        person=move.person,
        key=f"move:{move.pk}:refused",
        exclude=step.actor,
    )


def _back(request: Any, person_id: int) -> Any:
    """Back to the person's page while it is readable, else to the list of moves."""
    if persons_visible(scope_for(request.user)).filter(pk=person_id).exists():
        return redirect("person_detail", pk=person_id)
    return redirect("move_list")


MOVE = register(
    Lifecycle(
        name="residence_move",
        label=_("Move of residence"),
        model=ResidenceMove,
        state_field="status",
        states=MoveStatus,
        url_kwarg="move_pk",
        load=selectors.move_get,
        check_write=episode_writable,
        subject=episode_person,
        record=record_event,
        who=_("an officer of the sending commune (the one managing the record)"),
        parent_model=Person,
        parent_load=person_get,
        parent_check_write=person_writable,
        redirect=lambda request, move: _back(request, move.person_id),
        parent_redirect=lambda request, person: _back(request, person.pk),
        transitions=(
            Transition(
                name="move_record",
                label=_("Record that a person moved to another commune (sending commune)"),
                source=(INITIAL,),
                target=MoveStatus.RECORDED,
                refused=_("The person already has a move under way; finish or cancel it first."),
                form=MoveForm,
                serializer=MoveWriteSerializer,
                guards=(rule(_("a commune in force other than the managing one"), _destination),),
                effect=_record,
                event=EventAction.MOVE_REPORTED,
                path="persons/<int:pk>/moves/",
                page_name="move_add",
                api_name="api_move_record",
                response=MoveSerializer,
                created=True,
                done=_("The move has been recorded."),
                date_field="moved_on",
            ),
            Transition(
                name="move_notify",
                label=_("Notify the receiving commune (Law 120/2025: within 24 hours of the move)"),
                source=(MoveStatus.RECORDED, MoveStatus.REPORTED),
                target=MoveStatus.NOTIFIED,
                refused=_("Only a move not yet notified can be notified."),
                form=MoveNotifyForm,
                serializer=NotifySerializer,
                effect=_notify,
                event=EventAction.MOVE_NOTIFIED,
                then=_notify_receiver,
                path="moves/<int:move_pk>/notify/",
                page_name="move_notify",
                api_name="api_move_notify",
                response=MoveSerializer,
                done=_("The receiving commune has been notified."),
            ),
            Transition(
                name="move_accept",
                label=_(
                    "Take the record over (receiving commune); records the day the person reported"
                ),
                source=(MoveStatus.NOTIFIED,),
                target=MoveStatus.ACCEPTED,
                refused=_("Only a move the receiving commune was notified of can be accepted."),
                check_write=_check_receiver,
                who=_("an officer of the receiving commune"),
                form=MoveAcceptForm,
                serializer=AcceptSerializer,
                guards=(
                    capability(Capability.MOVE_ACCEPT),
                    rule(_("the day the person reported, not before the move"), _report_dated),
                ),
                effect=_accept,
                event=EventAction.MOVE_ACCEPTED,
                then=_notify_sender_taken_over,
                path="moves/<int:move_pk>/accept/",
                page_name="move_accept",
                api_name="api_move_accept",
                response=MoveSerializer,
                done=_("The record has been taken over."),
                date_field="reported_on",
            ),
            Transition(
                name="move_cancel",
                label=_("Cancel a move before it is accepted (sending commune)"),
                source=tuple(OPEN_STATUSES),
                target=MoveStatus.CANCELLED,
                refused=_("Only a move not yet accepted or refused can be cancelled."),
                form=MoveReasonForm,
                serializer=ReasonSerializer,
                guards=(rule(_("a reason"), _cancel_reason),),
                effect=_cancel,
                event=EventAction.MOVE_CANCELLED,
                then=_notify_receiver_cancelled,
                path="moves/<int:move_pk>/cancel/",
                page_name="move_cancel",
                api_name="api_move_cancel",
                response=MoveSerializer,
                done=_("The move has been cancelled."),
            ),
            Transition(
                name="move_refuse",
                label=_("Refuse a move, with a reason (receiving commune)"),
                source=(MoveStatus.NOTIFIED, MoveStatus.REPORTED),
                target=MoveStatus.REFUSED,
                refused=_("Only a move awaiting acceptance can be refused."),
                check_write=_check_receiver,
                who=_("an officer of the receiving commune"),
                form=MoveReasonForm,
                serializer=ReasonSerializer,
                guards=(rule(_("a reason"), _reason),),
                effect=_refuse,
                event=EventAction.MOVE_CANCELLED,
                then=_notify_sender_refused,
                path="moves/<int:move_pk>/refuse/",
                page_name="move_refuse",
                api_name="api_move_refuse",
                response=MoveSerializer,
                done=_("The move has been refused."),
            ),
        ),
    )
)

LIFECYCLES = (MOVE,)
