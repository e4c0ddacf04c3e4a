"""The transition runner: one write at a time per row, nothing written on a refusal."""

import datetime
import threading

import pytest
from django.db import connection, connections

from pcmt.audit.models import Event
from pcmt.casework.lifecycles import MANAGEMENT
from pcmt.casework.models import ManagementStatus, UserManagement
from pcmt.casework.services import drug_test_record, management_decision_issue
from pcmt.core.errors import DomainError, NotFound
from pcmt.lifecycle.runner import transition_run

D = datetime.date


def _awaiting(alice, person):
    drug_test_record(
        actor=alice,
        person=person,
        tested_on=D(2025, 10, 16),
        place="Công an phường",
        result="positive",
        tested_by="Cán bộ A",
    )
    return UserManagement.objects.get(person=person)


def _active(alice, person):
    management = _awaiting(alice, person)
    return management_decision_issue(
        actor=alice,
        management=management,
        number="12/QĐ",
        decision_date=D(2025, 10, 20),
        signer="Chủ tịch",
    )


def test_a_guard_failure_writes_nothing(alice, person_a):
    management = _active(alice, person_a)
    before = UserManagement.objects.filter(pk=management.pk).values().get()
    events = Event.objects.count()
    with pytest.raises(DomainError) as refused:
        transition_run(
            lifecycle=MANAGEMENT,
            name="management_end",
            actor=alice,
            obj_or_pk=management.pk,
            data={"ended_on": D(2099, 1, 1), "reason": "death"},
        )
    assert refused.value.code == "date_in_future"
    assert UserManagement.objects.filter(pk=management.pk).values().get() == before
    assert Event.objects.count() == events


def test_an_illegal_transition_gives_the_stable_code_and_names_the_rule(alice, person_a):
    management = _awaiting(alice, person_a)
    with pytest.raises(DomainError) as refused:
        transition_run(
            lifecycle=MANAGEMENT,
            name="management_end",
            actor=alice,
            obj_or_pk=management,
            data={"ended_on": D(2025, 10, 20), "reason": "death"},
        )
    assert refused.value.code == "illegal_transition"
    assert str(refused.value.message) == str(MANAGEMENT.transition("management_end").refused)


def test_it_rejects_an_officer_of_another_commune_as_not_found(alice, bob, person_a):
    management = _awaiting(alice, person_a)
    with pytest.raises(NotFound):
        transition_run(
            lifecycle=MANAGEMENT,
            name="management_decision_issue",
            actor=bob,
            obj_or_pk=management,
            data={"number": "1", "decision_date": D(2025, 10, 20), "signer": "x"},
        )
    assert UserManagement.objects.get(pk=management.pk).status == ManagementStatus.AWAITING_DECISION


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_transitions_on_one_row_one_wins(alice, person_a):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    management = _awaiting(alice, person_a)
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def decide(number: str) -> None:
        try:
            barrier.wait()
            management_decision_issue(
                actor=alice,
                management=management,
                number=number,
                decision_date=D(2025, 10, 20),
                signer="Chủ tịch",
            )
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=(n,)) for n in ("1/QĐ", "2/QĐ")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["illegal_transition", "ok"]
    decided = Event.objects.of("person", person_a.pk).filter(action="management_decided")
    assert decided.count() == 1
