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
LATEST_CUTOFF = D(2030, 6, 30)


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
    assert counts["without_id"] == 0 and counts["address_unresolved"] == 0
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
    assert counts["without_id"] == 1 and counts["address_unresolved"] == 1
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


def test_an_address_is_unresolved_without_its_unit(register, alice, in_category, village_of):
    # The commune keeps its residential groups: a residence in none of them is unresolved.
    group = village_of("Tổ 5")
    placed = register(full_name="Một", current_address="Số 1, tổ 5", current_village=group)
    unplaced = register(full_name="Hai", current_address="Số 2, tổ 9")
    no_commune = register(
        full_name="Ba",
        current_address="Số 3, tổ 5",
        current_village=group,
        permanent_address="Thôn Không Rõ",
    )
    for person in (placed, unplaced, no_commune):
        in_category(person, "drug_user", D(2030, 1, 1))
    line = gap_line("address_unresolved")
    assert line is not None
    assert set(line.persons(scope_for(alice), TODAY)) == {unplaced, no_commune}


def _dossier(episode, person, due):
    return episode(person, kind="compulsory", dossier_due=due)


def test_overdue_deadlines_are_counted_by_kind(register, alice, ann, episode):
    late = register(full_name="Trễ Hạn")
    _dossier(episode, late, D(2030, 12, 1))
    _dossier(episode, register(full_name="Còn Hạn"), D(2031, 1, 5))
    waiting = register(full_name="Chờ Quyết Định")
    drug_test_record(
        actor=alice,
        person=waiting,
        tested_on=D(2030, 11, 1),
        place="Công an phường",
        result="positive",
        tested_by="Cán bộ",
    )
    counts = _counts(alice)
    assert counts["overdue:rehab_dossiers"] == 1
    assert counts["overdue:decisions-due"] == 1
    # Only kinds with something overdue get a line.
    assert "overdue:rehab_ending" not in counts
    # Analysts read the same numbers.
    assert _counts(ann)["overdue:rehab_dossiers"] == 1
    line = gap_line("overdue:rehab_dossiers", scope_for(alice), TODAY)
    assert line is not None
    records = line.records(scope_for(alice), TODAY)
    assert [(r.name, r.due) for r in records] == [("Trễ Hạn", D(2030, 12, 1))]
    # A day before the deadline nothing of that kind is overdue.
    assert "overdue:rehab_dossiers" not in _counts(alice, D(2030, 12, 1))


def _linked_round(province, sam, rows, cutoff=LATEST_CUTOFF):
    """A round linked against the registry: (name, commune, registry person or None) rows."""
    from django.utils import timezone

    from pcmt.census.models import Round
    from pcmt.reconcile.models import LinkRun, RunPerson

    round_ = Round.objects.create(
        name=f"Rà soát {cutoff:%m/%Y}",
        cutoff_date=cutoff,
        province=province,
        categories=["drug_user"],
        deadline=cutoff,
        created_by=sam,
    )
    run = LinkRun.objects.create(round=round_, created_by=sam, finished_at=timezone.now())
    for index, (name, commune, person) in enumerate(rows):
        RunPerson.objects.create(
            run=run,
            cluster=f"c{index}",
            identity=name,
            name=name,
            commune=commune,
            commune_code=commune.code if commune else "~",
            category="drug_user",
            person=person,
        )
    return round_


def test_persons_of_the_latest_round_not_in_the_registry(
    client, register, alice, bob, sam, ann, province, commune_a, commune_b
):
    known = register(full_name="Đã Có")
    _linked_round(province, sam, [("Cũ Chưa Có", commune_a, None)], cutoff=D(2029, 6, 30))
    latest = _linked_round(
        province,
        sam,
        [
            ("Lê Thị Mới", commune_a, None),
            ("Đã Có", commune_a, known),
            ("Ngoài Xã", commune_b, None),
            ("Không Rõ Xã", None, None),
        ],
    )
    assert _counts(alice)["not_in_registry"] == 1
    assert _counts(bob)["not_in_registry"] == 1
    # The province counts every unlinked row, those with no commune too.
    assert _counts(sam)["not_in_registry"] == 3
    assert _counts(ann)["not_in_registry"] == 3
    # Before the latest round's cut-off, the earlier round is the latest.
    assert _counts(alice, D(2029, 12, 31))["not_in_registry"] == 1
    client.force_login(alice)
    listed = client.get(reverse("plan_gaps"), {"line": "not_in_registry"}).content.decode()
    assert "Lê Thị Mới" in listed and "Ngoài Xã" not in listed and "Cũ Chưa Có" not in listed
    assert reverse("round_detail", kwargs={"round_pk": latest.pk}) in listed


def test_the_page_drills_into_an_overdue_kind(client, register, alice, bob, ann, episode):
    _dossier(episode, register(full_name="Phạm Văn Trễ"), D(2030, 12, 1))
    client.force_login(alice)
    page = client.get(reverse("plan_gaps")).content.decode()
    assert "Quá hạn: " in page
    listed = client.get(reverse("plan_gaps"), {"line": "overdue:rehab_dossiers"}).content.decode()
    assert "Phạm Văn Trễ" in listed and "01/12/2030" in listed
    assert client.get(reverse("plan_gaps"), {"line": "overdue:nothing"}).status_code == 404
    client.force_login(bob)
    assert client.get(reverse("plan_gaps"), {"line": "overdue:rehab_dossiers"}).status_code == 404
    client.force_login(ann)
    assert "Phạm Văn Trễ" not in client.get(reverse("plan_gaps")).content.decode()
    assert client.get(reverse("plan_gaps"), {"line": "overdue:rehab_dossiers"}).status_code == 404
