"""Appending to the event log: numbering, chaining, origin and sealed values."""

from typing import Any

import pytest
from django.db import connection, transaction
from django.test import override_settings

from pcmt.audit import chain
from pcmt.audit.models import Event, StreamHead
from pcmt.audit.origin import Channel, Origin, origin_context
from pcmt.audit.services import EventDraft, event_record, event_record_many, sealed_values

pytestmark = pytest.mark.django_db


def test_events_are_numbered_and_chained_per_stream(alice: Any) -> None:
    first = event_record(stream="plan", subject_id=7, actor=alice, action="created")
    second = event_record(
        stream="plan", subject_id=7, actor=alice, action="updated", changes={"x": [1, 2]}
    )
    other = event_record(stream="plan", subject_id=8, actor=None, action="created")
    assert (first.seq, second.seq, other.seq) == (1, 2, 1)
    assert first.prev_hash == "" and second.prev_hash == first.hash
    head = StreamHead.objects.get(stream="plan", subject_id=7)
    assert (head.seq, head.hash) == (2, second.hash)


def test_a_province_wide_stream_has_no_subject(alice: Any) -> None:
    event_record(stream="security", subject_id=None, actor=alice, action="login")
    event = event_record(stream="security", subject_id=None, actor=alice, action="login")
    assert event.seq == 2 and event.subject_id is None


def test_the_hash_covers_the_content_read_back_from_the_database(alice: Any) -> None:
    event_record(
        stream="plan",
        subject_id=1,
        actor=alice,
        action="updated",
        changes={"due": [None, __import__("datetime").date(2026, 1, 2)]},
        law="law_2025",
        note="n",
    )
    stored = Event.objects.get()
    assert stored.changes == {"due": [None, "2026-01-02"]}
    content = chain.content_of(
        stream=stored.stream,
        subject_id=stored.subject_id,
        seq=stored.seq,
        at=stored.at,
        actor_id=stored.actor_id,
        action=stored.action,
        changes=stored.changes,
        sealed=stored.sealed,
        law=stored.law,
        origin=stored.origin,
        note=stored.note,
    )
    assert chain.digest(content, stored.prev_hash) == stored.hash


def test_the_key_changes_every_hash() -> None:
    content = {"a": 1}
    with override_settings(PCMT_AUDIT_KEY="one"):
        one = chain.digest(content, "")
    with override_settings(PCMT_AUDIT_KEY="two"):
        assert chain.digest(content, "") != one


def test_origin_comes_from_the_context_or_is_a_command(alice: Any) -> None:
    plain = event_record(stream="plan", subject_id=1, actor=alice, action="a")
    with origin_context(Origin(channel=Channel.TASK, request_id="r1")):
        task = event_record(stream="plan", subject_id=1, actor=alice, action="b")
    assert plain.origin == {"channel": "command"}
    assert task.origin == {"channel": "task", "request_id": "r1"}


def test_sealed_values_are_stored_encrypted(alice: Any) -> None:
    event = event_record(
        stream="person", subject_id=1, actor=alice, action="updated", sealed={"id": "001"}
    )
    assert "001" not in event.sealed
    assert sealed_values(Event.objects.get(pk=event.pk)) == {"id": "001"}


def test_the_event_rolls_back_with_the_callers_transaction(alice: Any) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        event_record(stream="plan", subject_id=1, actor=alice, action="a")
        raise RuntimeError
    assert not Event.objects.exists()
    assert not StreamHead.objects.filter(seq__gt=0).exists()


def test_many_events_continue_the_existing_chains(alice: Any) -> None:
    first = event_record(stream="plan", subject_id=1, actor=alice, action="a")
    made = event_record_many(
        [
            EventDraft(stream="plan", subject_id=1, actor=alice, action="b"),
            EventDraft(stream="plan", subject_id=2, actor=None, action="a"),
            EventDraft(stream="plan", subject_id=1, actor=None, action="c"),
        ]
    )
    assert [(e.subject_id, e.seq) for e in made] == [(1, 2), (2, 1), (1, 3)]
    assert made[0].prev_hash == first.hash and made[2].prev_hash == made[0].hash
    assert StreamHead.objects.get(stream="plan", subject_id=1).seq == 3


def test_the_request_origin_is_recorded(client: Any, alice: Any, person_a: Any) -> None:
    client.force_login(alice)
    response = client.get(
        f"/persons/{person_a.pk}/", headers={"X-Request-ID": "abc-123"}, REMOTE_ADDR="10.1.2.3"
    )
    assert response.status_code == 200
    assert response.headers["X-Request-ID"] == "abc-123"
    read = person_a.events.get(action="read")
    assert read.origin == {"channel": "ui", "ip": "10.1.2.3", "request_id": "abc-123"}
    assert read.actor == alice


def test_api_reads_are_recorded_with_the_api_channel(
    client: Any, alice: Any, person_a: Any
) -> None:
    client.force_login(alice)
    assert client.get(f"/api/v1/persons/{person_a.pk}/").status_code == 200
    read = person_a.events.get(action="read")
    assert read.origin["channel"] == "api" and len(read.origin["request_id"]) == 32


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL only")
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_event SET note = 'x'",
        "DELETE FROM audit_event",
        "TRUNCATE audit_event CASCADE",
    ],
)
def test_postgresql_refuses_to_change_events(alice: Any, sql: str) -> None:
    from django.db import DatabaseError

    event_record(stream="plan", subject_id=1, actor=alice, action="a")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # else TRUNCATE waits on the FK check
        cursor.execute("SET LOCAL pcmt.test_database_reset = 'off'")  # as the application runs
        cursor.execute(sql)
    assert Event.objects.count() == 1
