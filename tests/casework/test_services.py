"""User management under the law of each event's date."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pcmt.accounts.scope import scope_for
from pcmt.casework.models import ManagementStatus, UserManagement
from pcmt.casework.selectors import worklist_for
from pcmt.casework.services import drug_test_record, management_decision_issue, management_end
from pcmt.core.errors import DomainError, NotFound
from pcmt.persons.models import CategoryPeriod, EventAction
from pcmt.rules.services import holidays_load

D = datetime.date


def _positive(actor, person, day):
    return drug_test_record(
        actor=actor,
        person=person,
        tested_on=day,
        place="Công an phường",
        result="positive",
        tested_by="Cán bộ A",
        substances="MET",
    )


def test_a_positive_test_opens_management_due_in_three_working_days(alice, person_a):
    _positive(alice, person_a, D(2025, 10, 16))  # a Thursday
    management = UserManagement.objects.get(person=person_a)
    assert management.status == ManagementStatus.AWAITING_DECISION
    assert management.decision_due == D(2025, 10, 21)
    assert management.law_code == "law_73_2021"
    actions = set(person_a.events.values_list("action", flat=True))
    assert {EventAction.DRUG_TEST, EventAction.MANAGEMENT_OPENED} <= actions


def test_the_decision_deadline_skips_tet(alice, person_a, db):
    holidays_load()
    _positive(alice, person_a, D(2026, 2, 12))
    assert UserManagement.objects.get(person=person_a).decision_due == D(2026, 2, 24)


def test_a_negative_test_opens_nothing(alice, person_a):
    drug_test_record(
        actor=alice,
        person=person_a,
        tested_on=D(2025, 10, 16),
        place="x",
        result="negative",
        tested_by="y",
    )
    assert not UserManagement.objects.filter(person=person_a).exists()


def test_a_positive_test_puts_the_person_in_the_drug_user_category_once(alice, register):
    person = register(full_name="Lò Văn Pá", birth_year=1990)
    _positive(alice, person, D(2025, 10, 16))
    _positive(alice, person, D(2025, 10, 20))
    assert CategoryPeriod.objects.filter(person=person, category="drug_user").count() == 1
    assert UserManagement.objects.filter(person=person).count() == 1


@pytest.mark.parametrize(
    ("decided", "law"),
    [
        (D(2026, 6, 30), "law_73_2021"),
        (D(2026, 7, 1), "law_120_2025"),
    ],
)
def test_the_decision_is_judged_by_the_law_of_its_date(alice, register, decided, law):
    person = register(full_name="Hà Văn Tú", birth_year=1991)
    _positive(alice, person, D(2026, 6, 29))
    management = UserManagement.objects.get(person=person)
    management = management_decision_issue(
        actor=alice,
        management=management,
        number="12/QĐ",
        decision_date=decided,
        signer="Chủ tịch UBND",
    )
    assert management.law_code == law
    assert management.period_end == decided.replace(year=2027)


def test_a_decision_cannot_be_issued_twice(alice, person_a):
    _positive(alice, person_a, D(2025, 10, 16))
    management = UserManagement.objects.get(person=person_a)
    management_decision_issue(
        actor=alice,
        management=management,
        number="1",
        decision_date=D(2025, 10, 17),
        signer="Chủ tịch",
    )
    with pytest.raises(DomainError) as caught:
        management_decision_issue(
            actor=alice,
            management=management,
            number="2",
            decision_date=D(2025, 10, 18),
            signer="Chủ tịch",
        )
    assert caught.value.code == "illegal_transition"


def test_a_decision_before_the_test_is_refused(alice, person_a):
    _positive(alice, person_a, D(2025, 10, 16))
    with pytest.raises(DomainError) as caught:
        management_decision_issue(
            actor=alice,
            management=UserManagement.objects.get(),
            number="1",
            decision_date=D(2025, 10, 15),
            signer="x",
        )
    assert caught.value.code == "date_before_previous_step"


def test_ending_early_needs_a_reason_the_law_lists(alice, person_a):
    _positive(alice, person_a, D(2025, 1, 6))
    management = management_decision_issue(
        actor=alice,
        management=UserManagement.objects.get(),
        number="1",
        decision_date=D(2025, 1, 7),
        signer="x",
    )
    with pytest.raises(DomainError) as caught:
        management_end(
            actor=alice, management=management, ended_on=D(2025, 6, 1), reason="period_served"
        )
    assert caught.value.code == "illegal_transition"
    ended = management_end(
        actor=alice, management=management, ended_on=D(2025, 6, 1), reason="dependence_determined"
    )
    assert ended.status == ManagementStatus.ENDED


def test_only_officers_in_scope_record_casework(bob, sam, person_a):
    for actor in (bob, sam):
        with pytest.raises(NotFound):
            _positive(actor, person_a, D(2025, 10, 16))


def test_the_worklist_shows_decisions_due_until_issued(alice, bob, person_a):
    _positive(alice, person_a, D(2025, 10, 16))
    assert [m.person for m in worklist_for(scope_for(alice)).decisions_due] == [person_a]
    assert worklist_for(scope_for(bob)).decisions_due == []
    management_decision_issue(
        actor=alice,
        management=UserManagement.objects.get(),
        number="1",
        decision_date=D(2025, 10, 17),
        signer="x",
    )
    assert worklist_for(scope_for(alice)).decisions_due == []


STEPS = st.lists(
    st.tuples(st.sampled_from(["test", "decide", "end_early", "end_served"]), st.integers(0, 500)),
    max_size=8,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(STEPS)
def test_random_sequences_never_reach_an_illegal_state(alice, register, steps):
    person = register(full_name="Quàng Văn Ngẫu", birth_year=1985)
    start = D(2024, 1, 1)
    for step, offset in steps:
        day = min(start + datetime.timedelta(days=offset), D(2026, 11, 1))
        open_one = UserManagement.objects.filter(person=person).exclude(status="ended").first()
        try:
            if step == "test":
                _positive(alice, person, day)
            elif step == "decide" and open_one:
                management_decision_issue(
                    actor=alice, management=open_one, number="n", decision_date=day, signer="s"
                )
            elif step.startswith("end") and open_one:
                reason = "period_served" if step == "end_served" else "prison"
                management_end(actor=alice, management=open_one, ended_on=day, reason=reason)
        except DomainError:
            pass
    open_count = UserManagement.objects.filter(person=person).exclude(status="ended").count()
    assert open_count <= 1
    for management in UserManagement.objects.filter(person=person):
        if management.status != "awaiting_decision":
            assert management.decision_date >= management.positive_test.tested_on
            assert management.period_end > management.decision_date
        if management.status == "ended":
            assert management.ended_on >= management.decision_date
            if management.end_reason == "period_served":
                assert management.ended_on >= management.period_end
    UserManagement.objects.filter(person=person).delete()


def _positive_received(actor, person, tested_on, received_on):
    return drug_test_record(
        actor=actor,
        person=person,
        tested_on=tested_on,
        place="Công an phường",
        result="positive",
        tested_by="Cán bộ A",
        result_received_on=received_on,
    )


def test_the_decision_deadline_counts_from_the_day_the_result_was_received(alice, person_a):
    # Law 73/2021 art. 23: 3 working days of receiving the result, here 5 days after the test.
    test = _positive_received(alice, person_a, D(2025, 10, 16), D(2025, 10, 21))
    assert test.result_received_on == D(2025, 10, 21)
    assert UserManagement.objects.get(person=person_a).decision_due == D(2025, 10, 24)


def test_without_a_received_day_the_deadline_counts_from_the_test(alice, person_a):
    _positive_received(alice, person_a, D(2025, 10, 16), None)
    assert UserManagement.objects.get(person=person_a).decision_due == D(2025, 10, 21)


def test_a_result_received_just_before_tet_2026_is_due_after_it(alice, person_a, db):
    holidays_load()
    _positive_received(alice, person_a, D(2026, 2, 9), D(2026, 2, 13))
    # 13/2 received; Tết 14–22/2 is off: 23, 24 and 25/2 are the three working days.
    assert UserManagement.objects.get(person=person_a).decision_due == D(2026, 2, 25)


def test_a_result_received_in_tet_2026_counts_from_the_first_working_day(alice, person_a, db):
    holidays_load()
    _positive_received(alice, person_a, D(2026, 2, 12), D(2026, 2, 17))
    assert UserManagement.objects.get(person=person_a).decision_due == D(2026, 2, 25)


@pytest.mark.parametrize(
    ("received", "code"),
    [(D(2025, 10, 15), "date_before_previous_step"), (D(2999, 1, 1), "date_in_future")],
)
def test_the_received_day_is_not_before_the_test_nor_in_the_future(alice, person_a, received, code):
    with pytest.raises(DomainError) as caught:
        _positive_received(alice, person_a, D(2025, 10, 16), received)
    assert caught.value.code == code
    assert caught.value.field == "result_received_on"
    assert not UserManagement.objects.filter(person=person_a).exists()
