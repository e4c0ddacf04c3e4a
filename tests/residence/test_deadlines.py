"""The hour limits as pure functions: no guess ever makes a notice or report late."""

import datetime

from pcmt.residence import deadlines
from tests.residence.conftest import at

D = datetime.date
T = datetime.time


def test_the_limit_runs_24_hours_from_the_hour_of_the_move():
    assert deadlines.due_after(D(2026, 7, 1), T(10, 0), 24) == at(2, 7, 10)


def test_a_move_of_unknown_hour_counts_from_the_end_of_its_day():
    assert deadlines.due_after(D(2026, 7, 1), None, 24) == at(3, 7, 0)


def test_no_limit_where_the_law_sets_none():
    assert deadlines.due_after(D(2026, 6, 30), T(10, 0), None) is None
    assert not deadlines.is_late(at(1, 1, year=2030), None)


def test_a_report_of_unknown_hour_counts_from_the_start_of_its_day():
    due = deadlines.due_after(D(2026, 7, 1), None, 24)
    assert not deadlines.is_late(deadlines.reported_at(D(2026, 7, 3), None), due)
    assert deadlines.is_late(deadlines.reported_at(D(2026, 7, 3), T(0, 1)), due)


def test_exactly_on_the_deadline_is_in_time():
    due = deadlines.due_after(D(2026, 7, 1), T(10, 0), 24)
    assert not deadlines.is_late(at(2, 7, 10), due)
    assert deadlines.is_late(at(2, 7, 10, 1), due)
