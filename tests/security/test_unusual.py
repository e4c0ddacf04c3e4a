"""Unusual access for the security officer: bursts of reads, reads out of hours, break-the-glass."""

import datetime
import io
from typing import Any

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from pcmt.audit.models import Event
from pcmt.persons.events import person_read_record
from pcmt.security.emergency import emergency_access_open
from pcmt.security.models import USER_STREAM, PrivacyEventKind

pytestmark = pytest.mark.django_db

# A Sunday and a Monday of the official calendar (no holiday).
SUNDAY = datetime.date(2026, 11, 29)
MONDAY = datetime.date(2026, 11, 30)


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    zone = timezone.get_current_timezone()
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zone)


@pytest.fixture
def read_at(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Record a read of `person` by `user` at a given moment."""

    def _read(user: Any, person: Any, moment: datetime.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: moment)
        person_read_record(person=person, user=user, channel="ui")
        monkeypatch.undo()

    return _read


def _rows(client: Any, **params: Any) -> str:
    query = {"day_from": "2026-11-23", "day_to": "2026-11-30", **params}
    return client.get(reverse("unusual_access"), query).content.decode()


@pytest.mark.parametrize("persona", ["alice", "sam", "olga"])
def test_only_the_security_officer_opens_the_page(client, persona, request, sol):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("unusual_access")).status_code == 404
    assert client.get(reverse("unusual_access_export")).status_code == 404
    assert 'id="nav-unusual-access"' not in client.get(reverse("home")).content.decode()
    client.force_login(sol)
    assert 'id="nav-unusual-access"' in client.get(reverse("home")).content.decode()


def test_many_persons_read_in_a_short_time(client, sol, alice, register, read_at, settings):
    settings.PCMT_UNUSUAL_READS_PERSONS = 2
    settings.PCMT_UNUSUAL_READS_MINUTES = 10
    persons = [register(full_name=f"Người Thứ {i}", birth_year=1990 + i) for i in range(4)]
    for minute, person in enumerate(persons[:3]):
        read_at(alice, person, _at(MONDAY, 9, minute))
    read_at(alice, persons[3], _at(MONDAY, 11))  # long after: not part of the burst
    client.force_login(sol)
    page = _rows(client, kind="many_reads")
    assert page.count('class="many_reads"') == 1
    assert "Xem nhiều hồ sơ trong thời gian ngắn" in page and "alice" in page
    assert "Hơn 2 người trong vòng 10 phút" in page


def test_a_slow_reader_is_not_listed(client, sol, alice, register, read_at, settings):
    settings.PCMT_UNUSUAL_READS_PERSONS = 2
    settings.PCMT_UNUSUAL_READS_MINUTES = 10
    for i in range(3):
        read_at(alice, register(full_name=f"Người {i}", birth_year=1990), _at(MONDAY, 9 + i))
    client.force_login(sol)
    assert 'class="many_reads"' not in _rows(client)


def test_reads_on_a_day_off_and_at_night_are_listed(client, sol, alice, person_a, read_at):
    read_at(alice, person_a, _at(SUNDAY, 10))
    read_at(alice, person_a, _at(MONDAY, 22))
    read_at(alice, person_a, _at(MONDAY, 10))  # working time: not listed
    client.force_login(sol)
    page = _rows(client, kind="off_hours")
    assert page.count('class="off_hours"') == 2
    assert "Vào ngày nghỉ" in page and "Ngoài giờ làm việc" in page


def test_break_the_glass_is_listed_and_filtered_by_user(client, sol, bob, alice, person_a):
    emergency_access_open(
        actor=bob, number=person_a.pk, reason="health", detail="Sốc thuốc, cần tiền sử"
    )
    client.force_login(bob)
    client.get(reverse("person_detail", args=[person_a.pk]))
    client.force_login(sol)
    today = timezone.localdate().isoformat()
    page = _rows(client, day_from=today, day_to=today, kind="emergency")
    assert 'class="emergency"' in page and "Sốc thuốc, cần tiền sử" in page
    assert "<td>1</td><td>1</td>" in page  # one person, read once during the grant
    assert 'class="emergency"' not in _rows(client, day_from=today, day_to=today, user="alice")


def test_each_reading_of_the_page_is_recorded(client, sol):
    client.force_login(sol)
    _rows(client)
    event = Event.objects.of(USER_STREAM, sol.pk).get()
    assert event.action == PrivacyEventKind.UNUSUAL_ACCESS_READ


def test_a_period_too_long_is_a_field_error(client, sol):
    client.force_login(sol)
    page = _rows(client, day_from="2026-01-01")
    assert "Chọn tối đa 92 ngày mỗi lần." in page


def test_the_export_is_a_workbook_of_the_same_rows(client, sol, alice, person_a, read_at):
    read_at(alice, person_a, _at(SUNDAY, 10))
    client.force_login(sol)
    response = client.get(
        reverse("unusual_access_export"), {"day_from": "2026-11-23", "day_to": "2026-11-30"}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Dấu hiệu" and rows[1][0] == "Xem hồ sơ ngoài giờ làm việc"
    assert rows[1][1] == "alice" and rows[1][5] == 1


def test_a_search_that_lists_many_persons_counts_as_many_reads(
    client, sol, alice, register, settings
):
    settings.PCMT_UNUSUAL_READS_PERSONS = 2
    settings.PCMT_UNUSUAL_READS_MINUTES = 10
    for i in range(3):
        register(full_name=f"Người Thứ {i}", birth_year=1990 + i)
    client.force_login(alice)
    client.get(reverse("person_list"), {"q": "nguoi thu"})
    client.force_login(sol)
    today = timezone.localdate()
    page = client.get(
        reverse("unusual_access"),
        {
            "kind": "many_reads",
            "day_from": f"{today - datetime.timedelta(days=1):%Y-%m-%d}",
            "day_to": f"{today:%Y-%m-%d}",
        },
    ).content.decode()
    assert page.count('class="many_reads"') == 1 and "alice" in page


def test_a_person_page_read_is_counted_once(client, sol, alice, person_a, settings):
    from pcmt.security.unusual import UnusualFilter, _read_rows

    client.force_login(alice)
    client.get(reverse("person_detail", args=[person_a.pk]))
    today = timezone.localdate()
    rows = list(_read_rows(sol, UnusualFilter(day_from=today, day_to=today)))
    assert [(actor, subject) for actor, _at, subject in rows] == [(alice.pk, person_a.pk)]
