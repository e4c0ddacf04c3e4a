"""Worklist sections of support: summonses due, released persons to receive, repeated absence."""

import datetime

from django.urls import reverse
from django.utils import timezone

from pcmt.accounts.scope import scope_for
from pcmt.core.extensions import worklist_sections
from pcmt.support.selectors import (
    releases_to_receive_section,
    repeated_absence_section,
    summonses_due_section,
)
from pcmt.support.services import (
    check_in_record,
    release_contact_record,
    release_record,
    summons_attendance_record,
)
from tests.support.factories import summons

D = datetime.date


def _people(section):
    return [item.person_id for item in section.items]


def test_summonses_due_today_or_overdue_until_attendance_is_recorded(alice, bob, person_a):
    today = timezone.localdate()
    overdue = summons(alice, person_a, D(2025, 10, 10), issued_on=D(2025, 10, 6))
    summons(alice, person_a, today)
    summons(alice, person_a, today + datetime.timedelta(days=5), issued_on=today)
    section = summonses_due_section(scope_for(alice), today, 50)
    assert section is not None and section.count == 2
    assert [item.due for item in section.items] == [D(2025, 10, 10), today]
    assert section.items[0].overdue_on(today)
    assert section.items[0].url == reverse("person_detail", kwargs={"pk": person_a.pk})
    assert summonses_due_section(scope_for(bob), today, 50).count == 0
    summons_attendance_record(
        actor=alice, summons=overdue, status="attended", attendance_on=D(2025, 10, 10)
    )
    assert summonses_due_section(scope_for(alice), today, 50).count == 1


def test_released_persons_wait_until_first_contact(alice, sam, bob, person_a):
    today = timezone.localdate()
    release = release_record(
        actor=alice, person=person_a, released_on=D(2025, 9, 1), facility="Trại giam Ba Sao"
    )
    section = releases_to_receive_section(scope_for(sam), today, 50)
    assert _people(section) == [person_a.pk] and section.items[0].due == D(2025, 9, 5)
    assert section.by_commune == [("Ba Đình", 1)]
    assert releases_to_receive_section(scope_for(bob), today, 50).count == 0
    release_contact_record(actor=alice, release=release, contacted_on=D(2025, 9, 3))
    assert releases_to_receive_section(scope_for(sam), today, 50).count == 0


def test_a_check_in_takes_the_released_person_off_the_worklist(alice, person_a):
    today = timezone.localdate()
    release_record(actor=alice, person=person_a, released_on=D(2025, 9, 1), facility="Trại giam")
    check_in_record(actor=alice, person=person_a, checked_in_on=D(2025, 9, 20))
    assert releases_to_receive_section(scope_for(alice), today, 50).count == 0


def _decide(actor, person, appear_on, status):
    issued = summons(actor, person, appear_on, issued_on=appear_on - datetime.timedelta(days=2))
    summons_attendance_record(actor=actor, summons=issued, status=status, attendance_on=appear_on)
    return issued


def test_two_summonses_missed_in_a_row_show_until_one_is_attended(alice, sam, person_a, register):
    today = timezone.localdate()
    once = register(full_name="Hoàng Văn Một", birth_year=1990)
    _decide(alice, once, D(2025, 3, 1), "absent")
    _decide(alice, once, D(2025, 4, 1), "attended")
    _decide(alice, once, D(2025, 5, 1), "absent")
    _decide(alice, person_a, D(2025, 3, 1), "absent")
    _decide(alice, person_a, D(2025, 4, 1), "excused")
    _decide(alice, person_a, D(2025, 5, 1), "absent")
    section = repeated_absence_section(scope_for(sam), today, 50)
    assert _people(section) == [person_a.pk]
    assert "01/05/2025" in section.items[0].label
    _decide(alice, person_a, D(2025, 6, 1), "attended")
    assert repeated_absence_section(scope_for(sam), today, 50).count == 0


def test_a_pending_summons_does_not_break_the_run(alice, person_a):
    today = timezone.localdate()
    _decide(alice, person_a, D(2025, 3, 1), "absent")
    _decide(alice, person_a, D(2025, 4, 1), "absent")
    summons(alice, person_a, D(2025, 5, 1), issued_on=D(2025, 4, 28))
    assert repeated_absence_section(scope_for(alice), today, 50).count == 1


def test_the_sections_reach_the_home_page_and_the_api(client, alice, ann, person_a):
    release_record(actor=alice, person=person_a, released_on=D(2025, 9, 1), facility="Trại giam")
    keys = {s.key for s in worklist_sections(scope_for(alice), timezone.localdate())}
    assert "releases-to-receive" in keys
    assert worklist_sections(scope_for(ann), timezone.localdate()) == []
    client.force_login(alice)
    assert 'id="worklist-releases-to-receive"' in client.get(reverse("home")).content.decode()
    sections = client.get("/api/v1/worklist/").json()["sections"]
    assert [s["count"] for s in sections if s["key"] == "releases-to-receive"] == [1]
