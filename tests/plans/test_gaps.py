"""Gaps in management on constructed data: each line counts what it should, for the scope on
the day; readers of names list the persons, analysts get the numbers only."""

import datetime

from django.urls import reverse

from pcmt.accounts.scope import scope_for
from pcmt.casework.services import drug_test_record
from pcmt.plans.gaps import gap_counts, gap_line
from tests.support.factories import managed

D = datetime.date
TODAY = D(2030, 12, 31)  # the tests' today (conftest)


def _counts(user, day=TODAY):
    return {line.key: count for line, count in gap_counts(scope_for(user), day)}


def test_each_gap_counts_what_it_should(
    register, alice, in_category, episode, completed, post_rehab
):
    waiting = register(full_name="Một", id_number="001090000001", current_address="Tổ 1")
    drug_test_record(
        actor=alice,
        person=waiting,
        tested_on=D(2030, 12, 1),
        place="Công an phường",
        result="positive",
        tested_by="Cán bộ",
    )
    decided = register(full_name="Hai", id_number="001090000002", current_address="Tổ 2")
    managed(alice, decided, D(2030, 11, 1))
    lost = register(full_name="Ba", id_number="001090000003", current_address="Tổ 3")
    in_category(lost, "dependent", D(2030, 1, 1))
    in_rehab = register(full_name="Bốn", id_number="001090000004", current_address="Tổ 4")
    in_category(in_rehab, "dependent", D(2030, 1, 1))
    episode(in_rehab, opened_on=D(2030, 3, 1))
    followed = completed(register(full_name="Năm"), D(2030, 6, 30))
    post_rehab(followed, D(2030, 7, 1))
    completed(register(full_name="Sáu"), D(2030, 8, 31))
    counts = _counts(alice)
    assert counts["dependent_without_rehab"] == 1
    assert counts["completed_without_post_rehab"] == 1
    # On record (a category) with neither ID nor address: none of those registered with both.
    assert counts["without_id"] == 0 and counts["without_address"] == 0
    scope = scope_for(alice)
    line = gap_line("decision_overdue")
    assert line is not None
    # The decision falls due some days after the test: overdue only once the deadline passed.
    due = waiting.managements.get().decision_due
    assert list(line.persons(scope, due)) == []
    assert list(line.persons(scope, due + datetime.timedelta(days=1))) == [waiting]
    lacking = gap_line("dependent_without_rehab")
    assert lacking is not None
    # Before the rehab began, both dependent persons were in none.
    assert set(lacking.persons(scope, D(2030, 2, 1))) == {lost, in_rehab}


def test_persons_without_id_or_address(register, alice, in_category):
    bare = register(full_name="Một")
    in_category(bare, "drug_user", D(2030, 1, 1))
    register(full_name="Hai")  # on no list: not counted
    counts = _counts(alice)
    assert counts["without_id"] == 1 and counts["without_address"] == 1
    assert _counts(alice, D(2029, 12, 31))["without_id"] == 0


def test_the_page_lists_for_officers_and_counts_for_analysts(
    client, register, alice, bob, ann, in_category, commune_b
):
    in_category(register(full_name="Trần Văn Ba"), "dependent", D(2030, 1, 1))
    client.force_login(alice)
    page = client.get(reverse("plan_gaps")).content.decode()
    assert "Người nghiện chưa tham gia hình thức cai nghiện nào" in page
    listed = client.get(reverse("plan_gaps"), {"line": "dependent_without_rehab"})
    assert "Trần Văn Ba" in listed.content.decode()
    # Another commune is out of alice's scope.
    assert client.get(reverse("plan_gaps"), {"commune": commune_b.pk}).status_code == 404
    client.force_login(ann)
    counted = client.get(reverse("plan_gaps")).content.decode()
    assert "Trần Văn Ba" not in counted
    assert client.get(reverse("plan_gaps"), {"line": "dependent_without_rehab"}).status_code == 404
    client.force_login(bob)
    listed = client.get(reverse("plan_gaps"), {"line": "dependent_without_rehab"})
    assert "Trần Văn Ba" not in listed.content.decode()
