"""The full path on a small fixed set with known answers: lists → job → pairs → clusters."""

from collections import defaultdict

from pcmt.census.models import SubmissionRow
from pcmt.jobs.models import JobStatus
from pcmt.reconcile import selectors
from pcmt.reconcile.models import Band, Candidate, ClusterMember


def _groups(run):
    """Clusters as sets of names ("registry" for the registry person)."""
    found = defaultdict(set)
    for m in ClusterMember.objects.filter(run=run).select_related("row", "person"):
        found[m.cluster].add(m.row.full_name if m.row else f"registry:{m.person.full_name}")
    return sorted(sorted(g) for g in found.values())


def test_the_job_links_the_lists_and_the_registry_with_known_answers(linked, lists_round, person_a):
    run = linked()
    assert run.job.status == JobStatus.DONE, run.job.message
    assert run.job.result["url"].endswith(f"/rounds/{lists_round.pk}/reconcile/review/")
    assert run.rows == 8 and run.reference == 1
    assert _groups(run) == [
        ["Le Thi Mai", "Lê Thị Mai"],
        ["Nguyễn Văn Hùng"],
        ["Nguyễn Văn Hưng"],
        ["Phạm Văn An"],
        ["Phạm Văn Bình"],
        ["Tran Van Binh", "Trần Văn Bình", "registry:Trần Văn Bình"],
    ]


def test_the_tone_collision_and_the_siblings_are_not_linked(linked):
    run = linked()
    for names in (("Nguyễn Văn Hùng", "Nguyễn Văn Hưng"), ("Phạm Văn An", "Phạm Văn Bình")):
        pairs = Candidate.objects.filter(
            run=run, left_row__full_name__in=names, right_row__full_name__in=names
        )
        assert all(p.band != Band.LINKED for p in pairs)


def test_every_pair_is_explained_and_no_number_is_stored_in_clear(linked):
    run = linked()
    pair = Candidate.objects.get(
        run=run, left_row__full_name="Trần Văn Bình", right_person__isnull=False
    )
    assert pair.band == Band.LINKED
    comparisons = {line["comparison"] for line in pair.explanation}
    assert {"prior", "name"} <= comparisons
    assert all({"comparison", "level", "weight"} <= set(line) for line in pair.explanation)
    for candidate in Candidate.objects.filter(run=run):
        assert "001088012345" not in str(candidate.explanation)


def test_the_count_takes_each_person_once_with_the_agencies_that_reported_them(
    linked, lists_round, alice, hana
):
    run = linked()
    persons = selectors.consolidated(run)
    assert len(persons) == 6
    table = selectors.count_table(lists_round, persons)
    assert table.total == 6 and table.totals[0] == 6
    binh = next(p for p in persons if p.person_id is not None)
    assert binh.agencies == sorted([alice.agency.name, hana.agency.name])
    assert sum(p.person_id is None for p in persons) == 5


def test_a_new_run_replaces_the_candidates_and_keeps_the_decisions(linked, lists_round, sam):
    from pcmt.reconcile.services import decision_record

    first = linked()
    hung = SubmissionRow.objects.get(full_name="Nguyễn Văn Hùng")
    hung2 = SubmissionRow.objects.get(full_name="Nguyễn Văn Hưng")
    decision_record(
        actor=sam,
        round_=lists_round,
        kind="merge",
        left_key=f"r{hung.pk}",
        right_key=f"r{hung2.pk}",
    )
    assert len(selectors.consolidated(first)) == 5
    second = linked()
    assert not Candidate.objects.filter(run=first).exists()
    assert Candidate.objects.filter(run=second).exists()
    assert len(selectors.consolidated(second)) == 5  # the merge is applied again
