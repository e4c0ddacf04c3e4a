"""Worklist sections: moves to notify (sender), to accept (receiver), reports overdue."""

import datetime

from rest_framework.test import APIClient

from pcmt.accounts.scope import scope_for
from pcmt.residence.selectors import (
    worklist_reports_overdue,
    worklist_to_accept,
    worklist_to_notify,
)
from pcmt.residence.services import move_accept, move_notify
from tests.residence.conftest import at
from tests.tokens import api_token

D = datetime.date
T = datetime.time
TODAY = D(2026, 7, 2)


def _names(section):
    return [item.person_name for item in section.items]


def test_a_recorded_move_is_to_notify_with_its_24_hour_deadline(
    alice, bob, person_a, commune_b, move_of
):
    move_of(commune_b, D(2026, 7, 1), T(10, 0))
    section = worklist_to_notify(scope_for(alice), TODAY, 50)
    assert section.count == 1 and _names(section) == [person_a.full_name]
    assert section.items[0].due == D(2026, 7, 2)
    assert "10:00 02/07/2026" in section.items[0].label
    assert worklist_to_notify(scope_for(bob), TODAY, 50).count == 0


def test_a_law_73_move_is_to_notify_without_a_deadline(alice, commune_b, move_of):
    move_of(commune_b, D(2026, 6, 30))
    assert worklist_to_notify(scope_for(alice), TODAY, 50).items[0].due is None


def test_a_notified_move_is_to_accept_by_the_receiver_only(alice, bob, sam, commune_b, move_of):
    move = move_of(commune_b, D(2026, 7, 1))
    assert worklist_to_accept(scope_for(bob), TODAY, 50).count == 0
    move_notify(actor=alice, move=move)
    assert worklist_to_notify(scope_for(alice), TODAY, 50).count == 0
    assert worklist_to_accept(scope_for(bob), TODAY, 50).count == 1
    assert worklist_to_accept(scope_for(alice), TODAY, 50).count == 0
    assert worklist_to_accept(scope_for(sam), TODAY, 50).count == 1  # the province supervises
    move_accept(actor=bob, move=move, reported_on=D(2026, 7, 1))
    assert worklist_to_accept(scope_for(bob), TODAY, 50).count == 0


def test_a_report_is_overdue_24_hours_after_a_law_120_move(alice, bob, commune_b, move_of, clock):
    move = move_of(commune_b, D(2026, 7, 1), T(10, 0))
    clock(at(2, 7, 9))
    assert worklist_reports_overdue(scope_for(alice), TODAY, 50).count == 0
    clock(at(2, 7, 11))
    assert worklist_reports_overdue(scope_for(alice), TODAY, 50).count == 1
    assert worklist_reports_overdue(scope_for(bob), TODAY, 50).count == 0  # not told yet
    move_notify(actor=alice, move=move)
    assert worklist_reports_overdue(scope_for(bob), TODAY, 50).count == 1
    clock(at(3, 7, 8))
    move_accept(actor=bob, move=move, reported_on=D(2026, 7, 3))
    assert worklist_reports_overdue(scope_for(alice), TODAY, 50).count == 0


def test_a_law_73_move_is_never_overdue(alice, commune_b, move_of):
    move_of(commune_b, D(2026, 6, 30))
    assert worklist_reports_overdue(scope_for(alice), TODAY, 50).count == 0


def test_the_sections_reach_the_worklist_api(alice, commune_b, move_of):
    move_of(commune_b, D(2026, 7, 1))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(alice)}")
    sections = {s["key"]: s for s in client.get("/api/v1/worklist/").json()["sections"]}
    assert sections["moves_to_notify"]["count"] == 1
    assert sections["move_reports_overdue"]["count"] == 1
