import datetime

import pytest

from pcmt.audit.services import sealed_values
from pcmt.core import crypto
from pcmt.core.errors import DomainError, NotFound
from pcmt.persons.models import CategoryPeriod, EventAction
from pcmt.persons.services import (
    DuplicateWarning,
    IdNumberTaken,
    IdWarning,
    PersonInput,
    person_category_add,
    person_category_end,
    person_register,
    person_update,
)


def _input(commune, **overrides):
    fields = {
        "full_name": "nguyễn  văn hùng",
        "birth_year": 1990,
        "sex": "male",
        "current_commune": commune,
    }
    fields.update(overrides)
    return PersonInput(**fields)


def test_registering_stores_the_id_and_phone_encrypted_with_lookup_hashes(alice, commune_a):
    person = person_register(
        actor=alice, data=_input(commune_a, id_number="001090012345", phone="+84 912 345 678")
    )
    person.refresh_from_db()
    assert person.full_name == "Nguyễn Văn Hùng"
    assert "001090012345" not in person.id_number_encrypted
    assert crypto.decrypt(person.id_number_encrypted) == "001090012345"
    assert person.id_number_hash == crypto.lookup_hash("id", "001090012345")
    assert crypto.decrypt(person.phone_encrypted) == "0912345678"
    assert person.managing_commune == commune_a
    assert person.managing_province == commune_a.parent


def test_registering_writes_a_created_event_with_masked_secrets(alice, commune_a):
    person = person_register(actor=alice, data=_input(commune_a, id_number="001090012345"))
    event = person.events.get()
    assert event.action == EventAction.CREATED
    assert event.actor == alice
    assert event.changes["full_name"] == [None, "Nguyễn Văn Hùng"]
    assert event.changes["id_number"] == [None, "•••••••••345"]


def test_a_second_record_with_the_same_id_is_refused_even_when_confirmed(alice, commune_a):
    first = person_register(actor=alice, data=_input(commune_a, id_number="001090012345"))
    for confirmed in (False, True):
        with pytest.raises(IdNumberTaken) as caught:
            person_register(
                actor=alice,
                data=_input(commune_a, full_name="Khác Tên", id_number="001090012345"),
                acknowledge_duplicates=confirmed,
            )
        assert caught.value.code == "id_number_taken" and caught.value.field == "id_number"
        assert caught.value.candidates == [first] and f"#{first.pk}" in caught.value.message


def test_it_warns_of_a_duplicate_with_the_same_folded_name_birth_year_and_commune(alice, commune_a):
    first = person_register(actor=alice, data=_input(commune_a))
    with pytest.raises(DuplicateWarning) as caught:
        person_register(actor=alice, data=_input(commune_a, full_name="Nguyen Van Hung"))
    assert caught.value.candidates == [first]


def test_it_warns_of_a_duplicate_with_the_same_phone(alice, commune_a):
    person_register(actor=alice, data=_input(commune_a, phone="0912345678"))
    with pytest.raises(DuplicateWarning):
        person_register(
            actor=alice,
            data=_input(commune_a, full_name="Lê Văn Tám", birth_year=1970, phone="84912345678"),
        )


def test_a_duplicate_outside_the_jurisdiction_is_counted_but_not_shown(
    alice, bob, commune_a, commune_b
):
    person_register(actor=bob, data=_input(commune_b, phone="0912345678"))
    with pytest.raises(DuplicateWarning) as caught:
        person_register(actor=alice, data=_input(commune_a, phone="0912345678"))
    assert caught.value.candidates == []
    assert caught.value.hidden == 1


def test_the_officer_can_register_after_acknowledging_duplicates(alice, commune_a):
    person_register(actor=alice, data=_input(commune_a))
    second = person_register(actor=alice, data=_input(commune_a), acknowledge_duplicates=True)
    assert second.pk


def test_an_id_that_disagrees_with_the_sex_needs_a_reason(alice, commune_a):
    with pytest.raises(IdWarning) as caught:
        person_register(actor=alice, data=_input(commune_a, id_number="001190012345"))
    assert caught.value.field == "id_number"
    person = person_register(
        actor=alice,
        data=_input(
            commune_a, id_number="001190012345", id_warning_override="Giấy tờ ghi nhầm giới tính"
        ),
    )
    assert person.id_warning_override == "Giấy tờ ghi nhầm giới tính"


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"full_name": "  "}, "name_required"),
        ({"birth_year": None}, "birth_year_required"),
        ({"birth_year": 1850}, "birth_out_of_range"),
        ({"birth_date": datetime.date(1990, 1, 1), "birth_year": 1991}, "birth_year_mismatch"),
        ({"sex": "x"}, "sex_required"),
        ({"id_number": "12345"}, "id_format"),
        ({"old_id_number": "12"}, "old_id_format"),
        ({"phone": "12345"}, "phone_format"),
    ],
)
def test_bad_input_is_refused_with_a_stable_code(alice, commune_a, overrides, code):
    with pytest.raises(DomainError) as caught:
        person_register(actor=alice, data=_input(commune_a, **overrides))
    assert caught.value.code == code


def test_an_officer_cannot_register_into_another_commune(alice, commune_b):
    with pytest.raises(DomainError) as caught:
        person_register(actor=alice, data=_input(commune_b))
    assert caught.value.code == "commune_out_of_jurisdiction"


def test_a_supervisor_cannot_write(sam, commune_a):
    with pytest.raises(NotFound):
        person_register(actor=sam, data=_input(commune_a))


def test_update_writes_an_event_listing_old_and_new_values(alice, commune_a):
    person = person_register(actor=alice, data=_input(commune_a, occupation="Thợ xây"))
    person_update(
        actor=alice, person=person, data=_input(commune_a, occupation="Lái xe", phone="0987654321")
    )
    event = person.events.filter(action=EventAction.UPDATED).get()
    assert event.changes == {
        "occupation": ["Thợ xây", "Lái xe"],
        "phone": ["", "•••••••321"],
        "version": [1, 2],
    }
    assert event.actor == alice


def test_an_update_that_changes_nothing_writes_no_event(alice, commune_a):
    person = person_register(actor=alice, data=_input(commune_a))
    person_update(actor=alice, person=person, data=_input(commune_a))
    assert not person.events.filter(action=EventAction.UPDATED).exists()


def test_aliases_are_searchable_and_logged(alice, commune_a):
    person = person_register(actor=alice, data=_input(commune_a, aliases=["Tý Béo"]))
    assert " ty beo " in person.search_text
    assert person.events.filter(action=EventAction.ALIAS_ADDED).exists()


def test_a_category_can_be_opened_once_and_ended_with_a_reason(alice, commune_a):
    person = person_register(actor=alice, data=_input(commune_a))
    period = person_category_add(
        actor=alice, person=person, category="drug_user", start_date=datetime.date(2025, 5, 1)
    )
    with pytest.raises(DomainError) as caught:
        person_category_add(
            actor=alice, person=person, category="drug_user", start_date=datetime.date(2025, 6, 1)
        )
    assert caught.value.code == "category_already_open"
    with pytest.raises(DomainError) as caught:
        person_category_end(
            actor=alice, period=period, end_date=datetime.date(2025, 4, 1), end_reason="x"
        )
    assert caught.value.code == "end_before_start"
    person_category_end(
        actor=alice,
        period=period,
        end_date=datetime.date(2025, 9, 1),
        end_reason="Hết thời hạn quản lý",
    )
    period.refresh_from_db()
    assert period.end_date == datetime.date(2025, 9, 1)
    actions = list(person.events.values_list("action", flat=True))
    assert EventAction.CATEGORY_ENDED in actions and EventAction.CATEGORY_ADDED in actions


def test_the_database_refuses_a_period_that_ends_before_it_starts(alice, commune_a):
    from django.db import IntegrityError, transaction

    person = person_register(actor=alice, data=_input(commune_a))
    with pytest.raises(IntegrityError), transaction.atomic():
        CategoryPeriod.objects.create(
            person=person,
            category="dependent",
            start_date=datetime.date(2025, 5, 1),
            end_date=datetime.date(2025, 4, 1),
        )


def test_a_changed_id_number_keeps_its_old_value_sealed(alice, commune_a):
    person = person_register(actor=alice, data=_input(commune_a, id_number="001090012345"))
    person_update(actor=alice, person=person, data=_input(commune_a, id_number="001090054321"))
    event = person.events.get(action=EventAction.UPDATED)
    assert event.changes["id_number"] == ["•••••••••345", "•••••••••321"]
    assert "001090012345" not in event.sealed
    assert sealed_values(event) == {"id_number": "001090012345"}
