"""Who reads and who writes a person before, during and after a move."""

import datetime

import pytest

from pcmt.accounts.scope import scope_for
from pcmt.casework.selectors import managements_visible
from pcmt.casework.services import drug_test_record
from pcmt.core.errors import NotFound
from pcmt.persons.selectors import SearchQuery, person_get, person_search
from pcmt.persons.services import person_category_add
from pcmt.residence.selectors import move_get, moves_visible
from pcmt.residence.services import move_accept, move_notify, move_refuse

D = datetime.date


def _reads(user, person) -> bool:
    try:
        person_get(scope=scope_for(user), pk=person.pk)
    except NotFound:
        return False
    return True


def _writes(user, person) -> bool:
    try:
        person_category_add(
            actor=user, person=person, category="high_risk", start_date=D(2026, 8, 1)
        )
    except NotFound:
        return False
    return True


@pytest.fixture
def moved(alice, bob, person_a, commune_b, move_of):
    """person_a moved from A to B and B took the record over."""
    drug_test_record(
        actor=alice,
        person=person_a,
        tested_on=D(2026, 5, 4),
        place="Công an phường",
        result="positive",
        tested_by="Cán bộ",
    )
    move = move_of(commune_b, D(2026, 7, 1))
    move_notify(actor=alice, move=move)
    move_accept(actor=bob, move=move, reported_on=D(2026, 7, 1))
    person_a.refresh_from_db()
    return person_a


def test_after_the_takeover_the_receiver_writes_and_the_sender_only_reads(moved, alice, bob):
    assert _reads(bob, moved) and _writes(bob, moved)
    assert _reads(alice, moved)
    assert not _writes(alice, moved)
    with pytest.raises(NotFound):
        drug_test_record(
            actor=alice,
            person=moved,
            tested_on=D(2026, 8, 1),
            place="x",
            result="negative",
            tested_by="y",
        )


def test_after_the_takeover_a_third_commune_and_another_province_see_nothing(moved, carol, dan):
    for stranger in (carol, dan):
        assert not _reads(stranger, moved)
        assert not _writes(stranger, moved)
        assert not moves_visible(scope_for(stranger)).exists()
        assert not managements_visible(scope_for(stranger)).exists()


def test_the_sender_keeps_reading_the_history_and_finds_the_person(moved, alice, sam):
    assert managements_visible(scope_for(alice)).filter(person=moved).exists()
    page = person_search(scope=scope_for(alice), query=SearchQuery(text="Trần Văn Bình"))
    assert [p.pk for p in page.persons] == [moved.pk]
    page = person_search(scope=scope_for(alice), query=SearchQuery(text="001088012345"))
    assert [p.pk for p in page.persons] == [moved.pk]
    assert _reads(sam, moved)


def test_the_receiver_reads_only_while_the_move_awaits_its_acceptance(
    alice, bob, person_a, commune_b, move_of
):
    move = move_of(commune_b, D(2026, 7, 1))
    assert not _reads(bob, person_a)  # recorded, not yet notified
    with pytest.raises(NotFound):
        move_get(scope=scope_for(bob), pk=move.pk)
    move_notify(actor=alice, move=move)
    assert _reads(bob, person_a)
    assert not _writes(bob, person_a)  # the sender still manages the record
    assert _writes(alice, person_a)
    move_refuse(actor=bob, move=move, reason="Không cư trú")
    assert not _reads(bob, person_a)
    assert move_get(scope=scope_for(bob), pk=move.pk).status == "refused"


def test_a_move_to_another_province_reaches_that_province_only_once_notified(
    alice, dan, person_a, other_province_commune, move_of
):
    move = move_of(other_province_commune, D(2026, 7, 1))
    assert not _reads(dan, person_a)
    move_notify(actor=alice, move=move)
    assert _reads(dan, person_a)
    move_accept(actor=dan, move=move, reported_on=D(2026, 7, 2))
    person_a.refresh_from_db()
    assert _writes(dan, person_a)
    assert _reads(alice, person_a) and not _writes(alice, person_a)


def test_analysts_and_outsiders_read_no_move(moved, ann, olga):
    for user in (ann, olga):
        assert not moves_visible(scope_for(user)).exists()
        assert not _reads(user, moved)
