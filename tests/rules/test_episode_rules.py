import datetime

import pytest

from pcmt.rules import rules_for
from pcmt.rules.calendar import WorkingCalendar
from pcmt.rules.deadlines import (
    compulsory_dossier_due,
    management_decision_due,
    management_decision_start,
    prison_release_verification_due,
)
from pcmt.rules.holidays_vn import OFFICIAL_YEARS
from pcmt.rules.measures_2025 import (
    MinorFacilityKind,
    electronic_monitoring_allowed,
    electronic_monitoring_term,
    minor_facility_kinds,
)
from pcmt.rules.post_rehab import post_rehab_end, post_rehab_opens_after, post_rehab_period
from pcmt.rules.term import (
    HeldAt,
    HeldPeriod,
    TermChange,
    TermChangeKind,
    compulsory_term,
    credited_days,
)

D = datetime.date
CALENDAR = WorkingCalendar(OFFICIAL_YEARS)
BEFORE, AFTER = D(2026, 6, 30), D(2026, 7, 1)


# Post-rehab management (Law 73/2021 art. 40; Law 120/2025 the same until a decree) -----------


@pytest.mark.parametrize("law_day", [BEFORE, AFTER])
@pytest.mark.parametrize(
    ("kind", "age", "months"),
    [
        ("compulsory", 30, 24),
        ("compulsory", 18, 24),
        ("compulsory", 17, 12),
        ("voluntary_home", 30, 12),
        ("voluntary_facility", 30, 12),
        ("substitution_therapy", 40, 12),
        ("voluntary_home", 16, 12),
    ],
)
def test_post_rehab_lasts_by_kind_and_age_on_both_sides_of_1_july_2026(law_day, kind, age, months):
    period = post_rehab_period(law_day=law_day, rehab_kind=kind, age_at_completion=age)
    assert period.months == months
    assert period.unsure == (law_day >= AFTER)
    assert ("art. 40" in period.citation) == (law_day < AFTER)


def test_a_person_placed_as_a_minor_keeps_the_one_year_period_after_turning_18():
    period = post_rehab_period(
        law_day=BEFORE, rehab_kind="compulsory", age_at_completion=18, placed_as_minor=True
    )
    assert period.months == 12


def test_every_completed_rehab_and_substitution_therapy_opens_post_rehab():
    for kind in ("compulsory", "voluntary_home", "voluntary_facility", "substitution_therapy"):
        assert post_rehab_opens_after(kind, BEFORE)
        assert post_rehab_opens_after(kind, AFTER)
    assert not post_rehab_opens_after("drug_test", AFTER)
    with pytest.raises(ValueError):
        post_rehab_period(law_day=AFTER, rehab_kind="drug_test", age_at_completion=30)


def test_a_decree_under_law_120_can_change_the_post_rehab_periods():
    overrides = {"post_rehab_adult_compulsory_months": 36, "post_rehab_months": 18}
    adult = post_rehab_period(
        law_day=AFTER, rehab_kind="compulsory", age_at_completion=30, overrides=overrides
    )
    voluntary = post_rehab_period(
        law_day=AFTER, rehab_kind="voluntary_home", age_at_completion=30, overrides=overrides
    )
    assert (adult.months, voluntary.months) == (36, 18)
    with pytest.raises(ValueError):
        post_rehab_period(
            law_day=BEFORE, rehab_kind="compulsory", age_at_completion=30, overrides=overrides
        )


def test_the_post_rehab_end_is_the_same_day_two_years_later():
    period = post_rehab_period(
        law_day=D(2026, 2, 28), rehab_kind="compulsory", age_at_completion=25
    )
    assert post_rehab_end(D(2026, 2, 28), period) == D(2028, 2, 28)


# When the time limits start -------------------------------------------------------------------


def test_the_chairmans_limit_runs_from_the_day_the_result_was_received():
    rules = rules_for(D(2026, 1, 8))
    tested = management_decision_due(tested_on=D(2026, 1, 5), rules=rules, calendar=CALENDAR)
    received = management_decision_due(
        tested_on=D(2026, 1, 5),
        result_received_on=D(2026, 1, 8),
        rules=rules,
        calendar=CALENDAR,
    )
    assert tested.due == D(2026, 1, 8)
    # Received Thursday 8/1: Friday 9, Saturday 10 (worked), Monday 12.
    assert (received.starts_from, received.due) == (D(2026, 1, 8), D(2026, 1, 12))
    assert "Decree 105/2021" in received.citation
    assert not received.provisional_calendar


def test_a_result_cannot_be_received_before_the_test():
    assert management_decision_start(tested_on=D(2026, 3, 2)) == D(2026, 3, 2)
    with pytest.raises(ValueError):
        management_decision_start(tested_on=D(2026, 3, 2), result_received_on=D(2026, 3, 1))


def test_a_limit_in_a_provisional_year_says_so():
    rules = rules_for(D(2027, 2, 4))
    due = management_decision_due(tested_on=D(2027, 2, 4), rules=rules, calendar=CALENDAR)
    assert due.due == D(2027, 2, 16)
    assert due.provisional_calendar
    assert "Law 120/2025" in due.citation


def test_the_dossier_limit_crosses_the_swapped_august_2026_days():
    # Detected Thursday 20/8/2026: 21, 22 (Saturday, worked), 24, 25, 26.
    due = compulsory_dossier_due(
        detected_on=D(2026, 8, 20), rules=rules_for(D(2026, 8, 20)), calendar=CALENDAR
    )
    assert due.due == D(2026, 8, 26)


def test_the_commune_police_verify_a_released_prisoners_residence_within_3_working_days():
    # Notice received Friday 13/2/2026, before Tết: Monday 23, Tuesday 24, Wednesday 25.
    due = prison_release_verification_due(notice_received_on=D(2026, 2, 13), calendar=CALENDAR)
    assert due.due == D(2026, 2, 25)
    assert due.citation == "Circular 10/2024/TT-BCA art. 8"


# Compulsory-rehab term: credit and changes (Decree 116/2021) ------------------------------------


def test_only_time_held_at_a_facility_counts_toward_the_term():
    held = [
        HeldPeriod(D(2026, 3, 1), D(2026, 3, 10), HeldAt.FACILITY),
        HeldPeriod(D(2026, 3, 5), D(2026, 3, 12), HeldAt.FACILITY),
        HeldPeriod(D(2026, 2, 1), D(2026, 2, 28), HeldAt.HOME),
    ]
    assert credited_days(held) == 12
    term = compulsory_term(started_on=D(2026, 4, 1), months=24, held=held)
    assert term.planned_end == D(2028, 3, 20)
    assert "art. 44" in term.citations[0]


def test_a_reduction_a_suspension_and_an_exemption_recompute_the_end():
    start = D(2025, 1, 10)
    reduced = compulsory_term(
        started_on=start,
        months=24,
        changes=[TermChange(TermChangeKind.REDUCTION, D(2026, 1, 10), "12/QĐ", reduction_days=60)],
    )
    assert reduced.planned_end == D(2026, 11, 11)
    suspended = compulsory_term(
        started_on=start,
        months=24,
        changes=[
            TermChange(
                TermChangeKind.SUSPENSION,
                D(2025, 6, 1),
                "5/QĐ",
                suspended_from=D(2025, 6, 1),
                suspended_to=D(2025, 6, 30),
            )
        ],
    )
    assert suspended.planned_end == D(2027, 2, 9)
    open_suspension = compulsory_term(
        started_on=start,
        months=24,
        changes=[
            TermChange(
                TermChangeKind.SUSPENSION, D(2025, 6, 1), "5/QĐ", suspended_from=D(2025, 6, 1)
            )
        ],
    )
    assert open_suspension.planned_end is None
    exempted = compulsory_term(
        started_on=start,
        months=24,
        changes=[TermChange(TermChangeKind.EXEMPTION, D(2026, 5, 4), "7/QĐ")],
    )
    assert exempted.planned_end == D(2026, 5, 4)
    assert exempted.citations == ("Decree 116/2021/NĐ-CP art. 58(3) (7/QĐ)",)


def test_a_change_needs_its_numbers():
    with pytest.raises(ValueError):
        TermChange(TermChangeKind.REDUCTION, D(2026, 1, 1), "1/QĐ")
    with pytest.raises(ValueError):
        TermChange(TermChangeKind.SUSPENSION, D(2026, 1, 1), "1/QĐ")
    with pytest.raises(ValueError):
        HeldPeriod(D(2026, 1, 2), D(2026, 1, 1), HeldAt.FACILITY)


# Law 120/2025's new measures -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "allowed"),
    [
        ("voluntary_home", True),
        ("substitution_therapy", True),
        ("post_rehab", True),
        ("compulsory", False),
        ("voluntary_facility", False),
    ],
)
def test_electronic_monitoring_exists_only_under_law_120_for_three_episodes(kind, allowed):
    assert electronic_monitoring_allowed(law_day=AFTER, episode_kind=kind) == allowed
    assert not electronic_monitoring_allowed(law_day=BEFORE, episode_kind=kind)


def test_electronic_monitoring_stays_within_its_episode():
    term = electronic_monitoring_term(
        episode_kind="post_rehab",
        episode_start=D(2026, 5, 1),
        episode_end=D(2028, 5, 1),
        start=D(2026, 7, 1),
    )
    assert (term.start, term.end) == (D(2026, 7, 1), D(2028, 5, 1))
    for start, end in [
        (D(2026, 6, 30), None),  # before Law 120
        (D(2028, 5, 2), None),  # after the episode
        (D(2026, 8, 1), D(2026, 7, 31)),  # ends before it starts
        (D(2026, 8, 1), D(2028, 6, 1)),  # outlasts the episode
    ]:
        with pytest.raises(ValueError):
            electronic_monitoring_term(
                episode_kind="post_rehab",
                episode_start=D(2026, 5, 1),
                episode_end=D(2028, 5, 1),
                start=start,
                end=end,
            )


def test_minors_go_to_reform_schools_or_qualifying_public_facilities_under_law_120():
    assert minor_facility_kinds(law_day=AFTER, age=15) == {
        MinorFacilityKind.REFORM_SCHOOL,
        MinorFacilityKind.QUALIFYING_PUBLIC_FACILITY,
    }
    assert minor_facility_kinds(law_day=BEFORE, age=15) == {
        MinorFacilityKind.COMPULSORY_REHAB_FACILITY
    }
    assert minor_facility_kinds(law_day=AFTER, age=11) == frozenset()
    assert minor_facility_kinds(law_day=AFTER, age=18) == frozenset()
