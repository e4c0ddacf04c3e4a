"""Scope.person_q and moves of residence: one query, nothing for an empty scope."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from pcmt.accounts.models import AgencyKind, DataRole
from pcmt.accounts.scope import Scope, scope_for
from pcmt.persons.models import Person
from pcmt.residence.services import move_accept, move_notify, move_record
from tests.conftest import make_user


def _moved(alice, bob, person, commune_b):
    move = move_record(
        actor=alice,
        person=person,
        to_commune=commune_b,
        moved_on=datetime.date(2026, 7, 1),
        new_address="x",
    )
    move_notify(actor=alice, move=move)
    move_accept(actor=bob, move=move, reported_on=datetime.date(2026, 7, 1))


def test_few_moved_persons_are_inlined_in_the_read_filter(alice, bob, person_a, commune_b):
    _moved(alice, bob, person_a, commune_b)
    with CaptureQueriesContext(connection) as queries:
        found = list(Person.objects.filter(scope_for(alice).person_q()))
    assert found == [person_a]
    # One indexed look-up of the moves, then the persons query without a subquery.
    assert len(queries) == 2 and "residence_residencemove" in queries[0]["sql"]
    assert "residence_residencemove" not in queries[1]["sql"]


def test_many_moved_persons_are_read_through_a_subquery(
    alice, bob, person_a, commune_b, monkeypatch
):
    from pcmt.accounts import scope as scope_module

    _moved(alice, bob, person_a, commune_b)
    monkeypatch.setattr(scope_module, "MOVED_INLINE_LIMIT", 0)
    with CaptureQueriesContext(connection) as queries:
        found = list(Person.objects.filter(scope_for(alice).person_q()))
    assert found == [person_a]
    assert "residence_residencemove" in queries[-1]["sql"]


def test_a_scope_with_no_moves_reads_only_its_managed_persons(alice, person_a):
    with CaptureQueriesContext(connection) as queries:
        found = list(Person.objects.filter(scope_for(alice).person_q()))
    assert found == [person_a]
    assert "residence_residencemove" not in queries[-1]["sql"]


def test_an_empty_scope_reaches_no_one_even_after_moves(alice, bob, person_a, commune_b):
    _moved(alice, bob, person_a, commune_b)
    assert not Person.objects.filter(Scope().person_q()).exists()


def test_a_province_keeps_the_persons_moved_to_another_province(
    alice, person_a, province, other_province_commune
):
    dan = make_user("dan", other_province_commune, AgencyKind.COMMUNE_POLICE, DataRole.OFFICER)
    _moved(alice, dan, person_a, other_province_commune)
    supervisor = Scope(province_id=province.pk, role=DataRole.SUPERVISOR)
    assert list(Person.objects.filter(supervisor.person_q())) == [person_a]
