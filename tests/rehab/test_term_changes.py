"""Dated scenarios: time that counts toward a compulsory-rehab term, and the decisions that
change it (Decree 116/2021/NĐ-CP art. 44, 58), on both sides of 1/7/2026."""

import datetime

import pytest

from pcmt.core.errors import DomainError
from pcmt.rehab.models import PostRehab, RehabEpisode, TermChange
from pcmt.rehab.services import (
    compulsory_admit,
    court_decision_record,
    dossier_holding_record,
    rehab_end_early,
    rehab_escape,
    rehab_return,
    term_exempt,
    term_reduce,
    term_resume,
    term_suspend,
)

D = datetime.date


def _error(call, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call(**kwargs)
    return caught.value


def _decision(**kwargs):
    return {"decision_number": "15/QĐ-TA", "issuer": "TAND khu vực 3", **kwargs}


def _decided(alice, to_court, person, opened_on, decided_on, months=None):
    episode = to_court(person, opened_on)
    return court_decision_record(
        actor=alice,
        episode=episode,
        court="TAND khu vực 3",
        number="3/QĐ-TA",
        decided_on=decided_on,
        months=months,
    )


# Time held while the dossier is prepared (art. 44) ----------------------------------------


def test_only_days_held_at_a_facility_during_the_dossier_shorten_the_term(
    alice, person_a, to_court, today
):
    episode = to_court(person_a, D(2026, 3, 2))
    home = dossier_holding_record(
        actor=alice, episode=episode, place="home", held_from=D(2026, 3, 2), held_to=D(2026, 3, 9)
    )
    assert home.days == 8
    dossier_holding_record(
        actor=alice,
        episode=episode,
        place="facility",
        held_from=D(2026, 3, 10),
        held_to=D(2026, 3, 19),
        facility="Trung tâm bảo trợ xã hội",
    )
    overlap = _error(
        dossier_holding_record,
        actor=alice,
        episode=episode,
        place="facility",
        held_from=D(2026, 3, 15),
        held_to=D(2026, 3, 16),
    )
    assert overlap.code == "holding_overlaps"
    before = _error(
        dossier_holding_record,
        actor=alice,
        episode=episode,
        place="facility",
        held_from=D(2026, 2, 27),
        held_to=D(2026, 3, 1),
    )
    assert before.field == "held_from"
    episode = court_decision_record(
        actor=alice,
        episode=episode,
        court="TAND",
        number="3/QĐ",
        decided_on=D(2026, 3, 20),
        months=12,
    )
    episode = compulsory_admit(
        actor=alice, episode=episode, admitted_on=D(2026, 3, 25), facility="Cơ sở số 1"
    )
    # 12 months from the admission, less the 10 days at the facility; home days do not count.
    assert episode.credited_days == 10
    assert episode.planned_end == D(2027, 3, 15)
    assert episode.term_from == D(2026, 3, 15)
    assert "Decree 116/2021/NĐ-CP art. 44" in episode.planned_end_citation
    assert "Law on Handling Administrative Violations art. 95" in episode.planned_end_citation
    late = _error(
        dossier_holding_record,
        actor=alice,
        episode=episode,
        place="facility",
        held_from=D(2026, 3, 21),
        held_to=D(2026, 3, 22),
    )
    assert late.code == "illegal_transition"
    assert person_a.events.filter(action="rehab_dossier_held").count() == 2


def test_the_credit_holds_under_law_120_and_days_away_still_move_the_end(
    alice, person_a, to_court, today
):
    episode = _decided(alice, to_court, person_a, D(2026, 6, 22), D(2026, 7, 2))
    assert (episode.law_code, episode.months) == ("law_120_2025", 24)
    episode = compulsory_admit(
        actor=alice,
        episode=episode,
        admitted_on=D(2026, 7, 6),
        facility="Cơ sở số 2",
        term_from=D(2026, 6, 26),
    )
    # Held at a facility 26/6 – 5/7 (10 days): 24 months from 6/7/2026, 10 days earlier.
    assert episode.holdings.get().place == "facility"
    assert episode.planned_end == D(2028, 6, 26)
    rehab_escape(actor=alice, episode=episode, left_on=D(2026, 8, 1))
    episode = rehab_return(actor=alice, episode=episode, returned_on=D(2026, 8, 8))
    assert episode.planned_end == D(2028, 7, 3)


# Reduction (art. 58(1)) -------------------------------------------------------------------


def test_a_reduction_needs_half_the_term_served_and_months_within_its_ground(
    alice, person_a, admitted, today
):
    episode = admitted(person_a, D(2025, 7, 1), months=12)
    assert episode.planned_end == D(2026, 7, 1)
    # 365 days: half is served once 183 days are, on 31/12/2025.
    early = _error(
        term_reduce,
        actor=alice,
        episode=episode,
        **_decision(decided_on=D(2025, 12, 30), ground="good_conduct", months=2),
    )
    assert early.code == "illegal_transition" and "art. 58(1)" in str(early.message)
    too_much = _error(
        term_reduce,
        actor=alice,
        episode=episode,
        **_decision(decided_on=D(2025, 12, 31), ground="good_conduct", months=4),
    )
    assert too_much.field == "months" and "1 to 3" in str(too_much.message)
    no_issuer = _error(
        term_reduce,
        actor=alice,
        episode=episode,
        decision_number="1/QĐ",
        issuer=" ",
        decided_on=D(2025, 12, 31),
        ground="good_conduct",
        months=2,
    )
    assert no_issuer.code == "decision_details_required"
    change = term_reduce(
        actor=alice,
        episode=episode,
        **_decision(decided_on=D(2025, 12, 31), ground="good_conduct", months=2),
    )
    assert (change.planned_end_before, change.planned_end_after) == (D(2026, 7, 1), D(2026, 5, 1))
    assert change.citation == "Decree 116/2021/NĐ-CP art. 58(1)"
    episode.refresh_from_db()
    assert episode.planned_end == D(2026, 5, 1)
    assert "art. 58(1) (15/QĐ-TA)" in episode.planned_end_citation
    # A further 6 months would end the term before the decision: that is an exemption.
    beyond = _error(
        term_reduce,
        actor=alice,
        episode=episode,
        **_decision(decided_on=D(2026, 1, 5), ground="merit", months=6),
    )
    assert beyond.code == "illegal_transition" and "exempted" in str(beyond.message)
    event = person_a.events.get(action="rehab_term_reduced")
    assert event.changes["planned_end"] == ["2026-07-01", "2026-05-01"]


def test_a_reduction_under_law_120_counts_the_24_month_term(alice, person_a, admitted, today):
    episode = admitted(person_a, D(2026, 7, 2))
    assert episode.planned_end == D(2028, 7, 2)
    # 731 days: half is 366 days, served on 3/7/2027.
    assert _error(
        term_reduce,
        actor=alice,
        episode=episode,
        **_decision(decided_on=D(2027, 7, 2), ground="merit", months=6),
    ).code == ("illegal_transition")
    term_reduce(
        actor=alice,
        episode=episode,
        **_decision(decided_on=D(2027, 7, 3), ground="merit", months=6),
    )
    episode.refresh_from_db()
    assert episode.planned_end == D(2028, 1, 2)


# Suspension (art. 58(2)) ------------------------------------------------------------------


def test_a_suspension_stops_the_term_and_the_return_moves_the_end(alice, person_a, admitted, today):
    episode = admitted(person_a, D(2025, 7, 1), months=12)
    term_suspend(actor=alice, episode=episode, **_decision(decided_on=D(2025, 10, 1)))
    episode.refresh_from_db()
    assert (episode.status, episode.planned_end) == ("suspended", None)
    # Days suspended do not count toward half the term.
    refused = _error(
        term_exempt,
        actor=alice,
        episode=episode,
        **_decision(decided_on=D(2026, 1, 5), ground="progress"),
    )
    assert refused.code == "illegal_transition"
    episode = term_resume(actor=alice, episode=episode, resumed_on=D(2025, 10, 31))
    assert episode.status == "admitted"
    # Suspended 1/10 – 30/10 (30 days): the end moves from 1/7/2026 to 31/7/2026.
    assert episode.planned_end == D(2026, 7, 31)
    suspension = episode.term_changes.get()
    assert suspension.suspended_to == D(2025, 10, 30)
    assert "art. 58(2)" in episode.planned_end_citation
    assert person_a.events.filter(action="rehab_term_resumed").exists()


def test_with_under_3_months_left_after_recovery_the_remainder_is_exempted(
    alice, person_a, admitted, today
):
    episode = admitted(person_a, D(2025, 7, 1), months=12)
    term_suspend(
        actor=alice,
        episode=episode,
        **_decision(decided_on=D(2026, 5, 4), suspended_from=D(2026, 5, 1)),
    )
    back = _error(term_resume, actor=alice, episode=episode, resumed_on=D(2026, 6, 1))
    assert back.code == "illegal_transition" and "3 months" in str(back.message)
    assert TermChange.objects.get().suspended_to is None  # nothing was written
    change = term_exempt(
        actor=alice,
        episode=episode,
        **_decision(decided_on=D(2026, 6, 1), ground="short_remainder"),
    )
    episode.refresh_from_db()
    assert (episode.status, episode.end_reason, episode.ended_on) == (
        "ended_early",
        "exempted",
        D(2026, 6, 1),
    )
    assert change.citation == "Decree 116/2021/NĐ-CP art. 58(3)"
    assert change.planned_end_before == D(2026, 7, 1)
    # Finished with the decision: post-rehab management for an adult, 2 years (Law 73 art. 40).
    post = PostRehab.objects.get()
    assert (post.started_on, post.planned_end) == (D(2026, 6, 1), D(2028, 6, 1))


def test_short_remainder_only_follows_a_suspension_with_little_left(
    alice, person_a, admitted, today
):
    episode = admitted(person_a, D(2025, 7, 1), months=12)
    running = _error(
        term_exempt,
        actor=alice,
        episode=episode,
        **_decision(decided_on=D(2025, 9, 1), ground="short_remainder"),
    )
    assert running.field == "ground"
    term_suspend(actor=alice, episode=episode, **_decision(decided_on=D(2025, 9, 1)))
    plenty = _error(
        term_exempt,
        actor=alice,
        episode=episode,
        **_decision(decided_on=D(2025, 10, 1), ground="short_remainder"),
    )
    assert plenty.field == "ground" and "goes back" in str(plenty.message)


# Exemption (art. 58(3)) -------------------------------------------------------------------


def test_a_dangerous_illness_exempts_the_remainder_at_any_time(alice, person_a, admitted, today):
    episode = admitted(person_a, D(2026, 7, 2))
    term_exempt(
        actor=alice,
        episode=episode,
        **_decision(decided_on=D(2026, 8, 3), ground="dangerous_illness"),
    )
    episode.refresh_from_db()
    assert episode.status == "ended_early" and episode.planned_end == D(2026, 8, 3)
    assert "15/QĐ-TA" in episode.end_note
    assert person_a.events.filter(action="rehab_term_exempted").exists()


def test_an_exemption_after_admission_needs_the_decision_not_an_early_end(
    alice, person_a, admitted, today
):
    episode = admitted(person_a, D(2025, 7, 1), months=12)
    error = _error(
        rehab_end_early, actor=alice, episode=episode, ended_on=D(2026, 1, 5), reason="exempted"
    )
    assert error.field == "reason"


def test_the_minors_ground_is_for_persons_aged_14_to_under_18(alice, register, to_court, today):
    minor = register(full_name="Đỗ Minh Khôi", birth_date=D(2010, 5, 10), birth_year=None)
    episode = _decided(alice, to_court, minor, D(2026, 3, 2), D(2026, 3, 20), months=6)
    assert episode.minor
    refused = _error(
        compulsory_admit,
        actor=alice,
        episode=episode,
        admitted_on=D(2026, 3, 20),
        facility="Trường giáo dưỡng số 2",
        facility_kind="reform_school",
    )
    assert refused.field == "facility_kind" and "01/07/2026" in str(refused.message)
    episode = compulsory_admit(
        actor=alice, episode=episode, admitted_on=D(2026, 3, 20), facility="Cơ sở số 1"
    )
    assert episode.facility_kind == "compulsory_rehab_facility"
    assert episode.planned_end == D(2026, 9, 20)
    # 184 days: half (92) is served on 20/6/2026.
    assert _error(
        term_exempt,
        actor=alice,
        episode=episode,
        **_decision(decided_on=D(2026, 6, 19), ground="minor_progress"),
    ).code == ("illegal_transition")
    term_exempt(
        actor=alice,
        episode=episode,
        **_decision(decided_on=D(2026, 6, 20), ground="minor_progress"),
    )
    # A minor after compulsory rehab: one year of post-rehab management (Law 73 art. 40).
    assert PostRehab.objects.get(person=minor).planned_end == D(2027, 6, 20)


def test_a_13_year_old_or_an_adult_cannot_use_the_minors_ground(
    alice, person_a, register, to_court, admitted, today
):
    child = register(full_name="Lý Văn An", birth_date=D(2013, 1, 2), birth_year=None)
    episode = _decided(alice, to_court, child, D(2026, 3, 2), D(2026, 3, 20), months=6)
    episode = compulsory_admit(
        actor=alice, episode=episode, admitted_on=D(2026, 3, 20), facility="Cơ sở số 1"
    )
    young = _error(
        term_exempt,
        actor=alice,
        episode=episode,
        **_decision(decided_on=D(2026, 6, 20), ground="minor_progress"),
    )
    assert young.field == "ground" and "13" in str(young.message)
    adult = admitted(person_a, D(2025, 7, 1), months=12)
    assert (
        _error(
            term_exempt,
            actor=alice,
            episode=adult,
            **_decision(decided_on=D(2026, 1, 5), ground="minor_progress"),
        ).field
        == "ground"
    )


# Kind of facility (Law 120/2025) ----------------------------------------------------------


def test_from_1_july_2026_a_minor_goes_to_a_reform_school_or_a_qualifying_facility(
    alice, person_a, register, to_court, today
):
    minor = register(full_name="Đỗ Minh Khôi", birth_date=D(2010, 5, 10), birth_year=None)
    episode = _decided(alice, to_court, minor, D(2026, 6, 22), D(2026, 7, 2), months=9)
    unchosen = _error(
        compulsory_admit, actor=alice, episode=episode, admitted_on=D(2026, 7, 3), facility="X"
    )
    assert unchosen.field == "facility_kind"
    old_kind = _error(
        compulsory_admit,
        actor=alice,
        episode=episode,
        admitted_on=D(2026, 7, 3),
        facility="X",
        facility_kind="compulsory_rehab_facility",
    )
    assert old_kind.code == "facility_kind_not_allowed"
    episode = compulsory_admit(
        actor=alice,
        episode=episode,
        admitted_on=D(2026, 7, 3),
        facility="Trường giáo dưỡng số 2",
        facility_kind="reform_school",
    )
    assert episode.get_facility_kind_display() == "Reform school"
    adult = _decided(alice, to_court, person_a, D(2026, 6, 22), D(2026, 7, 2))
    school = _error(
        compulsory_admit,
        actor=alice,
        episode=adult,
        admitted_on=D(2026, 7, 3),
        facility="Trường giáo dưỡng số 2",
        facility_kind="reform_school",
    )
    assert school.field == "facility_kind"
    adult = compulsory_admit(actor=alice, episode=adult, admitted_on=D(2026, 7, 3), facility="Y")
    assert RehabEpisode.objects.get(pk=adult.pk).facility_kind == "compulsory_rehab_facility"


def test_a_dangerous_illness_during_a_suspension_closes_the_suspension(
    alice, person_a, admitted, today
):
    episode = admitted(person_a, D(2025, 7, 1), months=12)
    term_suspend(actor=alice, episode=episode, **_decision(decided_on=D(2025, 10, 1)))
    term_exempt(
        actor=alice,
        episode=episode,
        **_decision(decided_on=D(2025, 10, 1), ground="dangerous_illness", decision_number="16/QĐ"),
    )
    suspension = TermChange.objects.get(kind="suspension")
    assert suspension.suspended_to == D(2025, 10, 1)
    exemption = TermChange.objects.get(kind="exemption")
    assert exemption.planned_end_before == D(2026, 7, 1)
    assert RehabEpisode.objects.get(pk=episode.pk).status == "ended_early"
