"""Review decisions (who, when), undo, bulk registration and the comparison between rounds."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from pcmt.census.models import SubmissionRow
from pcmt.census.services import round_create, submission_upload
from pcmt.core.errors import DomainError, NotFound
from pcmt.persons.models import CategoryPeriod, Person
from pcmt.reconcile import selectors
from pcmt.reconcile.models import Decision, DecisionKind
from pcmt.reconcile.services import decision_record, decision_undo, persons_register_from_lists

from .conftest import POLICE, csv_file, row


def _key(name):
    return f"r{SubmissionRow.objects.get(full_name=name).pk}"


def _count(run):
    return len(selectors.consolidated(run))


def test_accepting_a_pair_joins_two_persons_and_undo_separates_them(linked, lists_round, sam):
    run = linked()
    assert _count(run) == 6
    hung, hung2 = _key("Nguyễn Văn Hùng"), _key("Nguyễn Văn Hưng")
    decision = decision_record(
        actor=sam, round_=lists_round, kind="accept", left_key=hung, right_key=hung2, note="CCCD"
    )
    assert (decision.actor, decision.kind) == (sam, DecisionKind.ACCEPT) and decision.created_at
    assert _count(run) == 5
    undo = decision_undo(actor=sam, round_=lists_round, decision=decision)
    assert undo.undoes == decision and undo.actor == sam
    assert _count(run) == 6
    assert Decision.objects.filter(round=lists_round).count() == 2  # nothing is deleted
    with translation.override("en"), pytest.raises(DomainError, match="already been undone"):
        decision_undo(actor=sam, round_=lists_round, decision=decision)


def test_rejecting_an_automatic_link_and_splitting_a_record_out(linked, lists_round, hana):
    run = linked()
    mai, mai2 = _key("Lê Thị Mai"), _key("Le Thi Mai")
    reject = decision_record(
        actor=hana, round_=lists_round, kind="reject", left_key=mai, right_key=mai2
    )
    assert _count(run) == 7
    decision_undo(actor=hana, round_=lists_round, decision=reject)
    assert _count(run) == 6
    split = decision_record(
        actor=hana, round_=lists_round, kind="split", left_key=_key("Tran Van Binh")
    )
    assert _count(run) == 7
    decision_undo(actor=hana, round_=lists_round, decision=split)
    assert _count(run) == 6


def test_decisions_are_refused_when_they_make_no_sense(linked, lists_round, sam):
    linked()
    with translation.override("en"), pytest.raises(DomainError, match="alone in its group"):
        decision_record(actor=sam, round_=lists_round, kind="split", left_key=_key("Phạm Văn An"))
    with translation.override("en"), pytest.raises(DomainError, match="same group"):
        decision_record(
            actor=sam,
            round_=lists_round,
            kind="merge",
            left_key=_key("Lê Thị Mai"),
            right_key=_key("Le Thi Mai"),
        )
    with pytest.raises(DomainError) as error:
        decision_record(
            actor=sam, round_=lists_round, kind="accept", left_key="r999999", right_key="r1"
        )
    assert error.value.code == "pair_unknown"


def test_only_province_officers_and_supervisors_decide(linked, lists_round, alice, bob, ann):
    linked()
    for user in (alice, bob, ann):
        with pytest.raises(NotFound):
            decision_record(
                actor=user,
                round_=lists_round,
                kind="split",
                left_key=_key("Tran Van Binh"),
            )


def test_persons_only_in_the_lists_are_registered_in_bulk_and_bad_rows_reported(
    linked, lists_round, hana, sam
):
    run = linked()
    unregistered = {p.name: p for p in selectors.consolidated(run) if p.person_id is None}
    chosen = [unregistered[n].cluster for n in ("Lê Thị Mai", "Phạm Văn An", "Nguyễn Văn Hùng")]
    before = Person.objects.count()
    with pytest.raises(NotFound):  # supervisors read and approve; officers register
        persons_register_from_lists(actor=sam, round_=lists_round, cluster_keys=chosen)
    report = persons_register_from_lists(actor=hana, round_=lists_round, cluster_keys=chosen)
    assert Person.objects.count() == before + len(report.registered)
    names = sorted(p.full_name for p in report.registered)
    # Hùng and Hưng: the registry refuses the second as a likely duplicate of the first only
    # when both are chosen; here each is alone, so all three are registered.
    assert names == ["Lê Thị Mai", "Nguyễn Văn Hùng", "Phạm Văn An"]
    period = CategoryPeriod.objects.get(person__full_name="Lê Thị Mai")
    assert (period.category, period.start_date) == ("drug_user", lists_round.cutoff_date)
    after = selectors.consolidated(run)
    assert len(after) == 6
    assert sum(p.person_id is None for p in after) == 2
    # Registering them again finds nothing left to register.
    again = persons_register_from_lists(actor=hana, round_=lists_round, cluster_keys=chosen)
    assert again.registered == [] and again.skipped == []


def test_a_likely_duplicate_in_the_registry_is_skipped_and_reported(
    linked, lists_round, hana, register, alice, commune_a
):
    # On record, but not in a counted category on the cut-off date: not in the reference.
    register(full_name="Phạm Văn An", birth_year=1990, current_commune=commune_a)
    run = linked()
    an = next(p for p in selectors.consolidated(run) if p.name == "Phạm Văn An")
    report = persons_register_from_lists(actor=hana, round_=lists_round, cluster_keys=[an.cluster])
    assert report.registered == []
    assert report.skipped and report.skipped[0][1] == "Phạm Văn An"


def test_the_comparison_with_the_previous_round_counts_new_continuing_and_gone(
    linked, lists_round, sam, alice, hana
):
    previous = round_create(
        actor=sam,
        name="Rà soát quý IV/2024",
        cutoff_date=datetime.date(2024, 10, 1),
        deadline=datetime.date(2024, 10, 31),
        categories=["drug_user"],
        agencies=[alice.agency],
    )
    # Bình (by his ID, before he was registered), Lê Thị Mai, and someone not found now.
    submission_upload(
        actor=alice,
        round_=previous,
        file=csv_file([POLICE[0], POLICE[2], row("Đỗ Văn Cường", "1985", "Nam")], name="old.csv"),
    )
    linked(round_=previous)
    run = linked()
    comparison = selectors.compare(lists_round, selectors.consolidated(run))
    assert comparison is not None and comparison.previous == previous
    assert (comparison.previous_total, comparison.total) == (3, 6)
    assert (comparison.continuing, comparison.new, comparison.gone) == (2, 4, 1)
    assert comparison.annual_growth == pytest.approx(1.0, abs=0.01)
    assert comparison.target_met is False


def test_the_results_page_and_export(client, linked, lists_round, sam, ann):
    linked()
    client.force_login(sam)
    page = client.get(reverse("reconcile_results", kwargs={"round_pk": lists_round.pk}))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="total">6<' in text and "Lê Thị Mai" in text
    export = client.get(reverse("reconcile_export", kwargs={"round_pk": lists_round.pk}))
    assert export.status_code == 200
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    assert book.worksheets[0].cell(row=book.worksheets[0].max_row, column=4).value == 6
    client.force_login(ann)  # analysts: counts, never names
    text = client.get(
        reverse("reconcile_results", kwargs={"round_pk": lists_round.pk})
    ).content.decode()
    assert 'id="total">6<' in text and "Lê Thị Mai" not in text
    api = client.get(reverse("api_reconcile_results", kwargs={"round_pk": lists_round.pk})).json()
    assert api["total"] == 6 and "persons" not in api
