"""Appending to the event log. `event_record` is the only way an event is written."""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from pcmt.audit import chain
from pcmt.audit.models import NO_SUBJECT, Event, StreamHead
from pcmt.audit.origin import Origin, current_origin
from pcmt.core import crypto


def _actor_id(actor: Any) -> int | None:
    pk = getattr(actor, "pk", None)
    return int(pk) if pk is not None else None


def _locked_head(stream: str, subject_id: int | None) -> StreamHead:
    key = NO_SUBJECT if subject_id is None else subject_id
    heads = StreamHead.objects.select_for_update()
    try:
        return heads.get(stream=stream, subject_id=key)
    except StreamHead.DoesNotExist:
        # A concurrent first append loses the race on the unique key and then waits here.
        StreamHead.objects.get_or_create(stream=stream, subject_id=key)
        return heads.get(stream=stream, subject_id=key)


def _chained(head: StreamHead, event: Event) -> Event:
    event.seq = head.seq + 1
    event.prev_hash = head.hash
    event.hash = chain.digest(_content(event), event.prev_hash)
    head.seq, head.hash = event.seq, event.hash
    return event


def _content(event: Event) -> dict[str, Any]:
    return chain.content_of(
        stream=event.stream,
        subject_id=event.subject_id,
        seq=event.seq,
        at=event.at,
        actor_id=event.actor_id,
        action=event.action,
        changes=event.changes,
        sealed=event.sealed,
        law=event.law,
        origin=event.origin,
        note=event.note,
    )


def _draft(
    *,
    stream: str,
    subject_id: int | None,
    actor: Any,
    action: str,
    changes: dict[str, Any] | None,
    law: str,
    note: str,
    origin: Origin | None,
    sealed: dict[str, Any] | None,
) -> Event:
    return Event(
        stream=stream,
        subject_id=subject_id,
        at=timezone.now(),
        actor_id=_actor_id(actor),
        action=action,
        changes=chain.as_json_value(changes or {}),
        sealed=crypto.encrypt(json.dumps(chain.as_json_value(sealed))) if sealed else "",
        law=law,
        origin=(origin or current_origin()).as_dict(),
        note=note[:300],
    )


def event_record(
    *,
    stream: str,
    subject_id: int | None,
    actor: Any,
    action: str,
    changes: dict[str, Any] | None = None,
    law: str = "",
    note: str = "",
    origin: Origin | None = None,
    sealed: dict[str, Any] | None = None,
) -> Event:
    """Append one event to its stream, in the caller's transaction if there is one.

    `changes` is {field: [old, new]} with secrets already masked; `sealed` holds values to
    keep but not show (stored encrypted); `origin` defaults to the running request's.
    """
    event = _draft(
        stream=stream,
        subject_id=subject_id,
        actor=actor,
        action=action,
        changes=changes,
        law=law,
        note=note,
        origin=origin,
        sealed=sealed,
    )
    with transaction.atomic():
        head = _locked_head(stream, subject_id)
        _chained(head, event)
        event.save(force_insert=True)
        head.save(update_fields=["seq", "hash"])
    return event


@dataclass
class EventDraft:
    """One event of a bulk append (loaders): the arguments of event_record."""

    stream: str
    subject_id: int | None
    actor: Any
    action: str
    changes: dict[str, Any] | None = None
    law: str = ""
    note: str = ""
    origin: Origin | None = None
    sealed: dict[str, Any] | None = field(default=None)


def event_record_many(drafts: Iterable[EventDraft], *, batch_size: int = 1000) -> list[Event]:
    """Append many events at once, each chained in its stream in the order given."""
    events = [
        _draft(
            stream=d.stream,
            subject_id=d.subject_id,
            actor=d.actor,
            action=d.action,
            changes=d.changes,
            law=d.law,
            note=d.note,
            origin=d.origin,
            sealed=d.sealed,
        )
        for d in drafts
    ]
    if not events:
        return []
    with transaction.atomic():
        heads: dict[tuple[str, int], StreamHead] = {}
        for stream in {e.stream for e in events}:
            keys = {
                NO_SUBJECT if e.subject_id is None else e.subject_id
                for e in events
                if e.stream == stream
            }
            for head in StreamHead.objects.select_for_update().filter(
                stream=stream, subject_id__in=keys
            ):
                heads[(head.stream, head.subject_id)] = head
        new_heads: dict[tuple[str, int], StreamHead] = {}
        for event in events:
            key = (event.stream, NO_SUBJECT if event.subject_id is None else event.subject_id)
            if key not in heads and key not in new_heads:
                new_heads[key] = StreamHead(stream=key[0], subject_id=key[1])
            head = heads.get(key) or new_heads[key]
            _chained(head, event)
        Event.objects.bulk_create(events, batch_size=batch_size)
        StreamHead.objects.bulk_create(list(new_heads.values()), batch_size=batch_size)
        StreamHead.objects.bulk_update(list(heads.values()), ["seq", "hash"], batch_size=batch_size)
    return events


def sealed_values(event: Event) -> dict[str, Any]:
    """The encrypted values kept with an event, for those allowed to see them."""
    return json.loads(crypto.decrypt(event.sealed)) if event.sealed else {}
