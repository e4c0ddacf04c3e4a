"""Pure term rules (Decree 116/2021/NĐ-CP art. 44, 58) and Law 120/2025's measures, dated."""

import datetime

import pytest

from pcmt.rules import term
from pcmt.rules.measures_2025 import (
    MinorFacilityKind,
    electronic_monitoring_term,
    facility_kinds,
)

D = datetime.date


def test_days_away_and_credit_move_the_end_and_months_are_reduced_as_months():
    result = term.compulsory_term(
        started_on=D(2025, 8, 31),
        months=12,
        held=[term.HeldPeriod(D(2025, 8, 21), D(2025, 8, 30), term.HeldAt.FACILITY)],
        changes=[
            term.TermChange(
                term.TermChangeKind.REDUCTION, D(2026, 3, 1), "1/QĐ", reduction_months=3
            )
        ],
        days_not_counted=5,
    )
    # 31/8/2026 − 10 days + 5 days = 26/8/2026; three months earlier: 26/5/2026.
    assert result.planned_end == D(2026, 5, 26)
    assert result.citations == (
        "Decree 116/2021/NĐ-CP art. 44",
        "Decree 116/2021/NĐ-CP art. 58(1) (1/QĐ)",
    )


def test_half_the_term_counts_credit_and_leaves_out_days_not_counted():
    start = D(2025, 7, 1)  # 12 months: 365 days, half reached at 183 served
    assert not term.half_served(started_on=start, months=12, on=D(2025, 12, 30))
    assert term.half_served(started_on=start, months=12, on=D(2025, 12, 31))
    assert term.half_served(started_on=start, months=12, on=D(2025, 12, 21), credit=10)
    assert not term.half_served(started_on=start, months=12, on=D(2025, 12, 31), days_not_counted=1)


def test_each_ground_has_its_months_and_the_return_needs_3_months_left():
    assert term.reduction_months_allowed("good_conduct") == (1, 3)
    assert term.reduction_months_allowed("merit") == (3, 6)
    with pytest.raises(ValueError):
        term.reduction_months_allowed("dangerous_illness")
    assert term.may_resume(resumed_on=D(2026, 4, 1), planned_end=D(2026, 7, 1))
    assert not term.may_resume(resumed_on=D(2026, 4, 2), planned_end=D(2026, 7, 1))
    assert [term.minor_relief_age(a) for a in (13, 14, 17, 18)] == [False, True, True, False]


@pytest.mark.parametrize(
    ("day", "age", "kinds"),
    [
        (D(2026, 6, 30), 15, {MinorFacilityKind.COMPULSORY_REHAB_FACILITY}),
        (
            D(2026, 7, 1),
            15,
            {MinorFacilityKind.REFORM_SCHOOL, MinorFacilityKind.QUALIFYING_PUBLIC_FACILITY},
        ),
        (D(2026, 7, 1), 18, {MinorFacilityKind.COMPULSORY_REHAB_FACILITY}),
        (D(2026, 7, 1), 11, set()),
    ],
)
def test_the_kind_of_facility_depends_on_the_day_and_the_age(day, age, kinds):
    assert facility_kinds(law_day=day, age=age) == kinds


def test_monitoring_without_a_planned_end_stays_open_and_starts_on_1_july_2026():
    open_ended = electronic_monitoring_term(
        episode_kind="substitution_therapy",
        episode_start=D(2025, 1, 1),
        episode_end=None,
        start=D(2026, 7, 1),
    )
    assert open_ended.end is None and open_ended.citation == "Law 120/2025/QH15"
    with pytest.raises(ValueError):
        electronic_monitoring_term(
            episode_kind="substitution_therapy",
            episode_start=D(2025, 1, 1),
            episode_end=None,
            start=D(2026, 6, 30),
        )
