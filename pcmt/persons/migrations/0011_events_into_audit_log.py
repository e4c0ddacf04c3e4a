"""Copy the person events and record reads into the event log, chained per person."""

from typing import Any

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from pcmt.audit import chain

BATCH = 500
CHANNELS = {"web": "ui", "api": "api"}


def _rows(apps: StateApps, person_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    by_person: dict[int, list[tuple[Any, int, int, dict[str, Any]]]] = {}
    for e in apps.get_model("persons", "PersonEvent").objects.filter(person_id__in=person_ids):
        row = {
            "actor_id": e.actor_id,
            "action": e.action,
            "changes": chain.as_json_value(e.changes or {}),
            "origin": {},
            "note": e.note,
            "at": e.at,
        }
        by_person.setdefault(e.person_id, []).append((e.at, 0, e.pk, row))
    for a in apps.get_model("persons", "PersonAccess").objects.filter(person_id__in=person_ids):
        row = {
            "actor_id": a.user_id,
            "action": "read",
            "changes": {},
            "origin": {"channel": CHANNELS.get(a.channel, a.channel)},
            "note": "",
            "at": a.at,
        }
        by_person.setdefault(a.person_id, []).append((a.at, 1, a.pk, row))
    return {pid: [r for *_, r in sorted(rows, key=lambda t: t[:3])] for pid, rows in by_person.items()}


def copy(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Event = apps.get_model("audit", "Event")
    StreamHead = apps.get_model("audit", "StreamHead")
    key = chain.audit_key()
    ids = list(
        apps.get_model("persons", "Person").objects.order_by("pk").values_list("pk", flat=True)
    )
    for start in range(0, len(ids), BATCH):
        events, heads = [], []
        for person_id, rows in _rows(apps, ids[start : start + BATCH]).items():
            last = ""
            for seq, row in enumerate(rows, start=1):
                content = chain.content_of(
                    stream="person",
                    subject_id=person_id,
                    seq=seq,
                    at=row["at"],
                    actor_id=row["actor_id"],
                    action=row["action"],
                    changes=row["changes"],
                    sealed="",
                    law="",
                    origin=row["origin"],
                    note=row["note"],
                )
                digest = chain.digest(content, last, key)
                events.append(
                    Event(
                        stream="person",
                        subject_id=person_id,
                        seq=seq,
                        at=row["at"],
                        actor_id=row["actor_id"],
                        action=row["action"],
                        changes=row["changes"],
                        origin=row["origin"],
                        note=row["note"],
                        prev_hash=last,
                        hash=digest,
                    )
                )
                last = digest
            heads.append(StreamHead(stream="person", subject_id=person_id, seq=len(rows), hash=last))
        Event.objects.bulk_create(events, batch_size=1000)
        StreamHead.objects.bulk_create(heads, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("persons", "0010_person_merge"),
        ("audit", "0002_append_only_trigger"),
    ]

    operations = [migrations.RunPython(copy, migrations.RunPython.noop, elidable=False)]
