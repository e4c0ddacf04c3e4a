"""Notifications caused by events on a person's record: one table of action → recipients.

A post_save receiver on Event (connected in NotificationsConfig.ready) takes the events of
person streams, looks the action up in EVENT_NOTICES and, once the write has committed,
notifies the recipients.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_noop

from pcmt.accounts.models import User
from pcmt.audit.models import Event
from pcmt.casework.models import DeterminationResult
from pcmt.notifications.messages import Message, in_each_language
from pcmt.notifications.services import notify, officers_of_commune
from pcmt.persons.models import PERSON_STREAM, EventAction, Person

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class EventOnPerson:
    """An event of a person's stream with its person, as the notices read it."""

    event: Event
    person: Person

    @property
    def changes(self) -> dict[str, Any]:
        changes: dict[str, Any] = self.event.changes
        return changes


def _commune_officers(event: EventOnPerson) -> Iterable[User]:
    """Officers of the person's managing commune and of its province."""
    return officers_of_commune(event.person.managing_commune)


def _new_value(event: EventOnPerson, field: str) -> str:
    change = event.changes.get(field)
    return str(change[1]) if isinstance(change, list) and len(change) == 2 else ""


def _management_opened(event: EventOnPerson) -> Message:
    due = _new_value(event, "decision_due")
    if len(due) == 10:
        due = f"{due[8:10]}/{due[5:7]}/{due[0:4]}"
    return Message(
        gettext_noop("%(name)s tested positive: the user-management decision is due by %(due)s."),
        {"due": due},
    )


def _determination_done(event: EventOnPerson) -> Message:
    # The event keeps the result as its actor read it; the notice says it in each language.
    result = _new_value(event, "result")
    labels = dict(DeterminationResult.choices)
    code = next(
        (c for c in labels if result in in_each_language(lambda c=c: labels[c]).values()), None
    )
    return Message(
        gettext_noop("Addiction determination result for %(name)s: %(result)s."),
        {"result": in_each_language(lambda: labels[code]) if code else result},
    )


@dataclass(frozen=True)
class EventNotice:
    recipients: Callable[[EventOnPerson], Iterable[User]]
    message: Callable[[EventOnPerson], Message]
    # The actor knows what he just did.
    exclude_actor: bool = True


EVENT_NOTICES: dict[str, EventNotice] = {
    EventAction.MANAGEMENT_OPENED: EventNotice(_commune_officers, _management_opened),
    EventAction.DETERMINATION_DONE: EventNotice(_commune_officers, _determination_done),
}


def event_notify(event_pk: int) -> None:
    """Send the notice of one event; its key makes a second call send nothing."""
    event = (
        Event.objects.select_related("actor")
        .filter(pk=event_pk, stream=PERSON_STREAM, action__in=list(EVENT_NOTICES))
        .first()
    )
    if event is None or event.subject_id is None:
        return
    person = Person.objects.select_related("managing_commune").filter(pk=event.subject_id).first()
    if person is None:
        return
    notice = EVENT_NOTICES[event.action]
    message = notice.message(EventOnPerson(event, person))
    notify(
        notice.recipients(EventOnPerson(event, person)),
        message,
        url=reverse("person_detail", kwargs={"pk": person.pk}),
        person=person,
        key=f"event:{event.pk}",
        exclude=event.actor if notice.exclude_actor else None,
    )


def on_person_event(
    sender: Any, instance: Event, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    """Receiver of post_save on Event: notify after commit, never inside the write."""
    if raw or not created or instance.stream != PERSON_STREAM:
        return
    if instance.action not in EVENT_NOTICES:
        return
    transaction.on_commit(partial(event_notify, instance.pk), robust=True)
