"""Re-encrypt the encrypted fields under the first field key, and recompute look-up hashes.

Key rotation, in order (docs/security.md):
1. put the new key first in PCMT_FIELD_ENCRYPTION_KEY, the old one after it; restart;
2. `manage.py keys_rotate` (fields) and `manage.py files_reencrypt` (stored files);
3. the old key may then leave the list — except for sealed values of the event log, which is
   append-only and never rewritten: keep every key that sealed an event you must be able to open.
A new PCMT_LOOKUP_HASH_KEY: set it, then `manage.py keys_rotate --rehash` (searches by number
find nothing until this has run).
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from pcmt.audit.services import event_record
from pcmt.census.models import SubmissionRow
from pcmt.core import crypto
from pcmt.persons.models import Person
from pcmt.security.keys import KEYS_STREAM, KeyEvent

BATCH = 1000
PERSON_SECRETS = {
    "id_number_encrypted": ("id_number_hash", "id"),
    "old_id_encrypted": ("old_id_hash", "old_id"),
    "phone_encrypted": ("phone_hash", "phone"),
}


def _kind_of_list_number(number: str) -> str:
    return "old_id" if len(number) == 9 else "id"


class Command(BaseCommand):
    help = "Re-encrypt encrypted fields under the first field key; --rehash recomputes hashes."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--rehash",
            action="store_true",
            help="also recompute the look-up hashes with the current PCMT_LOOKUP_HASH_KEY",
        )

    def handle(self, *args: Any, rehash: bool = False, **options: Any) -> None:
        persons = self._persons(rehash)
        rows = self._list_rows(rehash)
        event_record(
            stream=KEYS_STREAM,
            subject_id=None,
            actor=None,
            action=KeyEvent.ROTATED,
            changes={
                "persons": [None, persons],
                "list_rows": [None, rows],
                "rehash": [None, rehash],
            },
        )
        self.stdout.write(f"re-encrypted: {persons} persons, {rows} list rows; rehash: {rehash}")

    def _persons(self, rehash: bool) -> int:
        done = 0
        fields = list(PERSON_SECRETS) + ([h for h, _k in PERSON_SECRETS.values()] if rehash else [])
        last = 0
        while True:
            with transaction.atomic():
                batch = list(
                    Person.objects.select_for_update()
                    .filter(pk__gt=last)
                    .order_by("pk")
                    .only("pk", *fields)[:BATCH]
                )
                if not batch:
                    return done
                for person in batch:
                    for field, (hash_field, kind) in PERSON_SECRETS.items():
                        token = getattr(person, field)
                        if not token:
                            continue
                        if rehash:
                            setattr(
                                person, hash_field, crypto.lookup_hash(kind, crypto.decrypt(token))
                            )
                        setattr(person, field, crypto.rotate(token))
                Person.objects.bulk_update(batch, fields)
                done += len(batch)
                last = batch[-1].pk

    def _list_rows(self, rehash: bool) -> int:
        done = 0
        fields = ["id_number_encrypted", "phone_encrypted"]
        if rehash:
            fields += ["id_number_hash", "phone_hash"]
        last = 0
        while True:
            with transaction.atomic():
                batch = list(
                    SubmissionRow.objects.select_for_update()
                    .filter(pk__gt=last)
                    .order_by("pk")
                    .only("pk", *fields)[:BATCH]
                )
                if not batch:
                    return done
                for row in batch:
                    if rehash and row.id_number_hash and row.id_number_encrypted:
                        number = crypto.decrypt(row.id_number_encrypted)
                        row.id_number_hash = crypto.lookup_hash(
                            _kind_of_list_number(number), number
                        )
                    if rehash and row.phone_hash and row.phone_encrypted:
                        row.phone_hash = crypto.lookup_hash(
                            "phone", crypto.decrypt(row.phone_encrypted)
                        )
                    row.id_number_encrypted = crypto.rotate(row.id_number_encrypted)
                    row.phone_encrypted = crypto.rotate(row.phone_encrypted)
                SubmissionRow.objects.bulk_update(batch, fields)
                done += len(batch)
                last = batch[-1].pk
