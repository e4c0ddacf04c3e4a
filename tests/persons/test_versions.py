"""Optimistic concurrency on the person record, and one 12-digit personal ID per person."""

import pytest
from django.db import IntegrityError, transaction

from pcmt.core.errors import DomainError
from pcmt.persons.models import Person
from pcmt.persons.services import (
    IdNumberTaken,
    PersonInput,
    StaleVersion,
    person_merge,
    person_merge_undo,
    person_register,
    person_update,
)


def _input(commune, **overrides):
    fields = {"full_name": "Nguyễn Văn Hùng", "birth_year": 1990, "sex": "male"}
    fields["current_commune"] = commune
    fields.update(overrides)
    return PersonInput(**fields)


def test_every_change_raises_the_version_and_an_unchanged_save_does_not(alice, commune_a):
    person = person_register(actor=alice, data=_input(commune_a))
    assert person.version == 1
    person = person_update(actor=alice, person=person, data=_input(commune_a), version=1)
    assert person.version == 1
    person = person_update(
        actor=alice, person=person, data=_input(commune_a, occupation="Lái xe"), version=1
    )
    assert person.version == 2
    person = person_update(
        actor=alice,
        person=person,
        data=_input(commune_a, occupation="Lái xe", aliases=["Hùng béo"]),
        version=2,
    )
    assert person.version == 3


def test_a_save_from_an_older_version_is_refused_with_what_changed(alice, commune_a):
    person = person_register(actor=alice, data=_input(commune_a, occupation="Nông dân"))
    person_update(
        actor=alice, person=person, data=_input(commune_a, occupation="Thợ hàn"), version=1
    )
    with pytest.raises(StaleVersion) as caught:
        person_update(
            actor=alice, person=person, data=_input(commune_a, occupation="Lái xe"), version=1
        )
    assert caught.value.code == "stale_version" and caught.value.current == 2
    assert [(old, new) for _label, old, new in caught.value.changes] == [("Nông dân", "Thợ hàn")]
    assert "Nông dân → Thợ hàn" in str(caught.value.message)
    assert Person.objects.get(pk=person.pk).occupation == "Thợ hàn"


def test_the_version_is_not_shown_as_a_change_in_the_timeline(alice, commune_a):
    from pcmt.persons.selectors import person_timeline

    person = person_register(actor=alice, data=_input(commune_a))
    person_update(actor=alice, person=person, data=_input(commune_a, occupation="X"), version=1)
    labels = [
        label for item in person_timeline(person, with_events=True) for label, *_ in item.changes
    ]
    assert "version" not in labels


def test_changing_the_id_to_one_another_record_holds_is_refused(alice, bob, commune_a, commune_b):
    person_register(actor=bob, data=_input(commune_b, id_number="001090012345"))
    mine = person_register(actor=alice, data=_input(commune_a, full_name="Lê Văn Tám"))
    with pytest.raises(IdNumberTaken) as caught:
        person_update(
            actor=alice,
            person=mine,
            data=_input(commune_a, full_name="Lê Văn Tám", id_number="001090012345"),
            version=1,
        )
    # Outside alice's jurisdiction: a count, no name.
    assert caught.value.candidates == [] and caught.value.hidden == 1


def test_the_database_refuses_two_active_records_with_one_id(alice, commune_a):
    first = person_register(actor=alice, data=_input(commune_a, id_number="001090012345"))
    second = person_register(actor=alice, data=_input(commune_a, full_name="Lê Văn Tám"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.filter(pk=second.pk).update(id_number_hash=first.id_number_hash)


def test_a_merged_record_may_keep_the_id_and_its_merge_undo_is_refused(alice, commune_a):
    first = person_register(actor=alice, data=_input(commune_a, id_number="001090012345"))
    second = person_register(actor=alice, data=_input(commune_a, full_name="Lê Văn Tám"))
    person_merge(actor=alice, person=second, into=first)
    second.refresh_from_db()
    assert second.version == 2
    # A merged record may carry the same number (it is the same person).
    person_update(
        actor=alice,
        person=second,
        data=_input(commune_a, full_name="Lê Văn Tám", id_number="001090012345"),
        version=2,
    )
    with pytest.raises(DomainError) as caught:
        person_merge_undo(actor=alice, person=second)
    assert caught.value.code == "id_number_taken"
    assert Person.objects.get(pk=second.pk).merged_into_id == first.pk
