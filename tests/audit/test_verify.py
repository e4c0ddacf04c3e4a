"""audit_verify: intact chains pass; an edited, a deleted or an inserted row is named."""

from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from pcmt.audit.models import Event
from pcmt.audit.services import event_record

pytestmark = pytest.mark.django_db


@contextmanager
def tampering() -> Iterator[Any]:
    """Raw SQL on the event table, past the append-only trigger on PostgreSQL."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER waits on pending FK checks
            cursor.execute("ALTER TABLE audit_event DISABLE TRIGGER USER")
        try:
            yield cursor
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE audit_event ENABLE TRIGGER USER")


def verify() -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("audit_verify", stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.fixture
def events(alice: Any) -> list[Event]:
    made = [
        event_record(stream="plan", subject_id=1, actor=alice, action=f"step{i}") for i in range(4)
    ]
    made.append(event_record(stream="security", subject_id=None, actor=alice, action="login"))
    return made


def test_intact_chains_exit_0_with_a_count(events: list[Event]) -> None:
    code, out, _ = verify()
    assert code == 0
    assert out.startswith("5 events in 2 streams")


def test_an_empty_log_is_intact(db: Any) -> None:
    assert verify()[0] == 0


def test_an_edited_row_is_named(events: list[Event]) -> None:
    edited = events[1]
    with tampering() as cursor:
        cursor.execute("UPDATE audit_event SET note = %s WHERE id = %s", ["changed", edited.pk])
    code, _, err = verify()
    assert code == 1
    assert f"plan:1 seq 2 (id {edited.pk})" in err and "hash does not match" in err


def test_an_edited_row_with_a_recomputed_plain_hash_is_still_caught(events: list[Event]) -> None:
    # Without the key a forger cannot make a matching hash; here he copies the next row's.
    with tampering() as cursor:
        cursor.execute(
            "UPDATE audit_event SET action = 'other', hash = %s WHERE id = %s",
            [events[2].hash, events[1].pk],
        )
    code, _, err = verify()
    assert code == 1 and "seq 2" in err


def test_a_deleted_row_is_named(events: list[Event]) -> None:
    with tampering() as cursor:
        cursor.execute("DELETE FROM audit_event WHERE id = %s", [events[1].pk])
    code, _, err = verify()
    assert code == 1
    assert f"plan:1 seq 3 (id {events[2].pk})" in err and "expected seq 2" in err


def test_a_deleted_last_row_is_found_from_the_stream_head(events: list[Event]) -> None:
    with tampering() as cursor:
        cursor.execute("DELETE FROM audit_event WHERE id = %s", [events[3].pk])
    code, _, err = verify()
    assert code == 1 and "plan:1 seq 4" in err and "last rows missing" in err


def test_an_inserted_row_is_named(events: list[Event]) -> None:
    # Make room after seq 2, then insert a row that claims to follow it.
    with tampering() as cursor:
        cursor.execute("UPDATE audit_event SET seq = seq + 10 WHERE stream = 'plan' AND seq > 2")
        cursor.execute(
            "INSERT INTO audit_event (stream, subject_id, seq, at, action, changes, sealed, law,"
            " origin, note, prev_hash, hash) VALUES ('plan', 1, 3, %s, 'forged', '{}', '', '',"
            " '{}', '', %s, %s)",
            [events[1].at, events[1].hash, "0" * 64],
        )
    inserted = Event.objects.get(action="forged")
    code, _, err = verify()
    assert code == 1
    assert f"plan:1 seq 3 (id {inserted.pk})" in err


def test_an_inserted_stream_without_head_is_named(events: list[Event]) -> None:
    with tampering() as cursor:
        cursor.execute(
            "INSERT INTO audit_event (stream, subject_id, seq, at, action, changes, sealed, law,"
            " origin, note, prev_hash, hash) VALUES ('plan', 99, 1, %s, 'forged', '{}', '', '',"
            " '{}', '', '', %s)",
            [events[0].at, "0" * 64],
        )
    code, _, err = verify()
    assert code == 1 and "plan:99 seq 1" in err
