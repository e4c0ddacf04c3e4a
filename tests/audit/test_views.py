"""The audit log page: administrators only, filters, pages, in Vietnamese."""

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from pcmt.audit.services import event_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(django_user_model: Any) -> Any:
    return django_user_model.objects.create_user("quantri", password="x-Long-pass-1", is_staff=True)


def test_it_lists_the_provinces_events_for_an_administrator(client, admin, alice, person_a):
    client.force_login(admin)
    page = client.get(reverse("audit_log")).content.decode()
    assert 'id="audit-events"' in page
    assert f"Đối tượng #{person_a.pk}" in page and "alice" in page
    assert "Nhật ký kiểm toán" in page  # Vietnamese by default


@pytest.mark.parametrize("persona", ["alice", "sam", "olga"])
def test_others_get_404_and_no_menu_entry(client, persona, django_user_model, alice, sam, olga):
    client.force_login(django_user_model.objects.get(username=persona))
    assert client.get(reverse("audit_log")).status_code == 404
    assert 'id="nav-audit"' not in client.get(reverse("home")).content.decode()


def test_administrators_see_the_menu_entry(client, admin):
    client.force_login(admin)
    assert 'id="nav-audit"' in client.get(reverse("home")).content.decode()


def test_it_filters_by_user_action_subject_and_dates(client, admin, alice, bob):
    event_record(stream="plan", subject_id=5, actor=alice, action="created", note="first-one")
    event_record(stream="plan", subject_id=6, actor=bob, action="updated", note="second-one")
    client.force_login(admin)
    url = reverse("audit_log")

    def notes(**params: Any) -> set[str]:
        page = client.get(url, params).content.decode()
        return {n for n in ("first-one", "second-one") if n in page}

    assert notes() == {"first-one", "second-one"}
    assert notes(actor="bob") == {"second-one"}
    assert notes(action="updated") == {"second-one"}
    assert notes(subject_id=5) == {"first-one"}
    today = timezone.localdate()
    assert notes(day_from=(today + datetime.timedelta(days=1)).isoformat()) == set()
    assert notes(day_to=today.isoformat()) == {"first-one", "second-one"}


def test_bad_filters_are_field_errors_not_500(client, admin):
    client.force_login(admin)
    response = client.get(
        reverse("audit_log"), {"day_from": "2026-02-02", "day_to": "2026-01-01", "page": "x"}
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()


def test_it_pages_50_events_at_a_time(client, admin, alice):
    for i in range(51):
        event_record(stream="plan", subject_id=1, actor=alice, action="created", note=f"n{i}")
    client.force_login(admin)
    first = client.get(reverse("audit_log"), {"stream": "", "actor": "alice"}).content.decode()
    assert "actor=alice" in first and "page=2" in first
    second = client.get(reverse("audit_log"), {"actor": "alice", "page": 2}).content.decode()
    assert second.count("<tr>") == 1 + 1  # the header row and one event


def test_a_copied_plan_and_its_channel_read_in_vietnamese(client, admin, alice):
    from pcmt.audit.origin import Channel, Origin

    event_record(
        stream="plan",
        subject_id=7,
        actor=alice,
        action="plan_copied",
        changes={"copied_from": [None, 3]},
        origin=Origin(channel=Channel.COMMAND),
    )
    client.force_login(admin)
    page = client.get(reverse("audit_log")).content.decode()
    assert "Sao chép từ kế hoạch: — → 3" in page
    assert "Lệnh quản trị" in page
    assert "Copied from" not in page and ">command<" not in page
