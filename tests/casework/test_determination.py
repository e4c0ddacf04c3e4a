"""Addiction determination: required by re-use during management, requested, determined."""

import datetime

import pytest

from pcmt.accounts.scope import scope_for
from pcmt.casework.models import AddictionDetermination, ManagementStatus, UserManagement
from pcmt.casework.selectors import worklist_for
from pcmt.casework.services import (
    determination_record,
    determination_request,
    determination_require,
    drug_test_record,
    management_decision_issue,
)
from pcmt.core.errors import DomainError
from pcmt.persons.models import CategoryPeriod

D = datetime.date


def _positive(actor, person, day):
    drug_test_record(
        actor=actor, person=person, tested_on=day, place="x", result="positive", tested_by="y"
    )


@pytest.fixture
def managed(alice, person_a):
    _positive(alice, person_a, D(2025, 3, 3))
    management_decision_issue(
        actor=alice,
        management=UserManagement.objects.get(),
        number="1/QĐ",
        decision_date=D(2025, 3, 4),
        signer="Chủ tịch",
    )
    return person_a


def test_re_use_during_management_requires_a_determination(alice, managed):
    _positive(alice, managed, D(2025, 6, 2))
    determination = AddictionDetermination.objects.get(person=managed)
    assert determination.trigger == "reuse_during_management"
    assert determination.required_on == D(2025, 6, 2)
    assert [d.person for d in worklist_for(scope_for(alice)).determinations] == [managed]
    assert UserManagement.objects.count() == 1  # no second management opens


def test_a_dependent_result_ends_the_management_and_opens_the_category(alice, managed):
    _positive(alice, managed, D(2025, 6, 2))
    determination = determination_request(
        actor=alice,
        determination=AddictionDetermination.objects.get(),
        facility="Bệnh viện Tâm thần Hà Nội",
        requested_on=D(2025, 6, 3),
    )
    determination_record(
        actor=alice, determination=determination, determined_on=D(2025, 6, 10), result="dependent"
    )
    management = UserManagement.objects.get()
    assert management.status == ManagementStatus.ENDED
    assert management.end_reason == "dependence_determined"
    assert management.ended_on == D(2025, 6, 10)
    assert CategoryPeriod.objects.filter(
        person=managed, category="dependent", end_date__isnull=True
    ).exists()
    assert worklist_for(scope_for(alice)).determinations == []


def test_a_not_dependent_result_leaves_the_management_running(alice, managed):
    _positive(alice, managed, D(2025, 6, 2))
    determination = determination_request(
        actor=alice,
        determination=AddictionDetermination.objects.get(),
        facility="Bệnh viện",
        requested_on=D(2025, 6, 3),
    )
    determination_record(
        actor=alice,
        determination=determination,
        determined_on=D(2025, 6, 10),
        result="not_dependent",
    )
    assert UserManagement.objects.get().status == ManagementStatus.ACTIVE


def test_the_steps_keep_their_order(alice, person_a):
    determination = determination_require(
        actor=alice, person=person_a, trigger="voluntary_request", required_on=D(2025, 5, 5)
    )
    with pytest.raises(DomainError) as caught:
        determination_record(
            actor=alice,
            determination=determination,
            determined_on=D(2025, 5, 6),
            result="dependent",
        )
    assert caught.value.code == "illegal_transition"
    with pytest.raises(DomainError) as caught:
        determination_request(
            actor=alice, determination=determination, facility="BV", requested_on=D(2025, 5, 4)
        )
    assert caught.value.code == "date_before_previous_step"
    with pytest.raises(DomainError) as caught:
        determination_require(
            actor=alice, person=person_a, trigger="voluntary_request", required_on=D(2025, 5, 6)
        )
    assert caught.value.code == "illegal_transition"


def test_an_unknown_trigger_is_refused(alice, person_a):
    with pytest.raises(DomainError) as caught:
        determination_require(
            actor=alice, person=person_a, trigger="whim", required_on=D(2025, 5, 5)
        )
    assert caught.value.code == "trigger_required"
