"""Recompute every stream's chain and report the first broken link."""

from dataclasses import dataclass

from pcmt.audit import chain
from pcmt.audit.models import NO_SUBJECT, Event, StreamHead


@dataclass(frozen=True)
class BrokenLink:
    stream: str
    subject_id: int | None
    seq: int
    event_id: int | None
    reason: str

    def __str__(self) -> str:
        subject = "" if self.subject_id is None else f":{self.subject_id}"
        return f"{self.stream}{subject} seq {self.seq} (id {self.event_id}): {self.reason}"


@dataclass(frozen=True)
class Verified:
    events: int
    streams: int
    broken: BrokenLink | None


def _content(event: Event) -> dict[str, object]:
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


def _link_error(event: Event, seq: int, last: str, key: bytes) -> str:
    """Why this row does not follow the previous one of its stream; empty when it does."""
    if event.seq != seq + 1:
        return f"expected seq {seq + 1}"
    if event.prev_hash != last:
        return "previous hash does not match"
    if chain.digest(_content(event), event.prev_hash, key) != event.hash:
        return "hash does not match the content"
    return ""


def _end_error(
    stream_key: tuple[str, int], head: tuple[int, str] | None, seq: int, last: str
) -> BrokenLink | None:
    """The stream's last row must be the one its head records (else rows were cut off)."""
    subject = None if stream_key[1] == NO_SUBJECT else stream_key[1]
    if head is None:
        return BrokenLink(stream_key[0], subject, seq, None, "stream has no head")
    if head != (seq, last):
        return BrokenLink(
            stream_key[0], subject, head[0], None, f"last rows missing (ends at {seq})"
        )
    return None


def audit_verify() -> Verified:
    """Walk every stream in order; stop at the first row whose link does not hold."""
    key = chain.audit_key()
    heads = {(h.stream, h.subject_id): (h.seq, h.hash) for h in StreamHead.objects.all()}
    seen: set[tuple[str, int]] = set()
    count, seq, last = 0, 0, ""
    current: tuple[str, int] | None = None
    rows = Event.objects.order_by("stream", "subject_id", "seq").iterator(chunk_size=2000)
    for event in rows:
        stream_key = (event.stream, NO_SUBJECT if event.subject_id is None else event.subject_id)
        if stream_key != current:
            if current is not None and (
                broken := _end_error(current, heads.get(current), seq, last)
            ):
                return Verified(count, len(seen), broken)
            current, seq, last = stream_key, 0, ""
            seen.add(stream_key)
        if reason := _link_error(event, seq, last, key):
            link = BrokenLink(event.stream, event.subject_id, event.seq, event.pk, reason)
            return Verified(count, len(seen), link)
        seq, last = event.seq, event.hash
        count += 1
    if current is not None and (broken := _end_error(current, heads.get(current), seq, last)):
        return Verified(count, len(seen), broken)
    for stream_key, (head_seq, _) in heads.items():
        if stream_key not in seen and head_seq:
            subject = None if stream_key[1] == NO_SUBJECT else stream_key[1]
            link = BrokenLink(stream_key[0], subject, 1, None, "all rows missing")
            return Verified(count, len(seen), link)
    return Verified(count, len(seen), None)
