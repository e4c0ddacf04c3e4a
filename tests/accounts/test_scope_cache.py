"""The moves query of Scope.person_q runs once per scope, and a request builds one scope."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pcmt.accounts import scope as scope_module
from pcmt.accounts.scope import scope_for
from pcmt.persons.models import Person
from pcmt.residence.services import move_accept, move_notify, move_record


def _moves_queries(queries: CaptureQueriesContext) -> int:
    return sum("residence_residencemove" in q["sql"] for q in queries.captured_queries)


def test_person_q_looks_the_moves_up_once_per_scope(alice, person_a):
    scope = scope_for(alice)
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            list(Person.objects.filter(scope.person_q()))
            scope.person_q("person__")
    assert _moves_queries(queries) == 1


def test_outside_a_request_each_call_builds_a_fresh_scope(alice):
    assert scope_for(alice) is not scope_for(alice)


def test_a_request_reuses_one_scope_per_user(client, alice, person_a, monkeypatch):
    built, reached = [], []
    original_scope, original_reach = scope_module._scope_of, scope_module.person_reach

    def counting_scope(user):
        built.append(user.pk)
        return original_scope(user)

    def counting_reach(scope):
        reached.append(scope)
        return original_reach(scope)

    monkeypatch.setattr(scope_module, "_scope_of", counting_scope)
    monkeypatch.setattr(scope_module, "person_reach", counting_reach)
    client.force_login(alice)
    assert client.get(reverse("person_detail", kwargs={"pk": person_a.pk})).status_code == 200
    assert built == [alice.pk]
    assert len(reached) == 1


def test_a_move_saved_in_a_request_is_seen_by_the_same_request(alice, bob, person_a, commune_b):
    # The sending commune keeps reading after the take-over, within the same request too.
    token = scope_module._request_scopes.set({})
    try:
        assert list(Person.objects.filter(scope_for(bob).person_q())) == []
        move = move_record(
            actor=alice,
            person=person_a,
            to_commune=commune_b,
            moved_on=datetime.date(2026, 7, 1),
            new_address="x",
        )
        move_notify(actor=alice, move=move)
        assert list(Person.objects.filter(scope_for(bob).person_q())) == [person_a]
        move_accept(actor=bob, move=move, reported_on=datetime.date(2026, 7, 1))
        assert list(Person.objects.filter(scope_for(alice).person_q())) == [person_a]
    finally:
        scope_module._request_scopes.reset(token)
