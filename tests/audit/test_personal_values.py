"""The audit page shows the values of persons' events only to those who may read the person."""

from typing import Any

import pytest
from django.urls import reverse

from pcmt.audit.models import AUDIT_READ_ACTION, AUDIT_STREAM, Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(django_user_model: Any) -> Any:
    """An administrator without a data role."""
    return django_user_model.objects.create_user("quantri", password="x-Long-pass-1", is_staff=True)


def _page(client: Any, user: Any) -> str:
    client.force_login(user)
    return client.get(reverse("audit_log"), {"stream": "person"}).content.decode()


def test_an_administrator_without_a_data_role_sees_field_names_only(client, admin, person_a):
    page = _page(client, admin)
    assert "<div>Họ và tên</div>" in page or "<div>Họ tên</div>" in page
    assert "Trần Văn Bình" not in page and "Test dương tính" not in page
    assert "ẩn giá trị: dữ liệu cá nhân" in page
    assert f"Đối tượng #{person_a.pk}" in page


def test_an_administrator_who_reads_the_person_sees_the_values(client, sam, person_a):
    sam.is_staff = True
    sam.save()
    page = _page(client, sam)
    assert "Trần Văn Bình" in page and "ẩn giá trị" not in page


def test_values_of_persons_outside_his_jurisdiction_stay_hidden(client, bob, person_a, person_b):
    bob.is_staff = True
    bob.save()
    page = _page(client, bob)
    assert "Lê Thị Cúc" in page  # his own commune's person
    assert "Trần Văn Bình" not in page


def test_other_streams_keep_their_values(client, admin, alice):
    from pcmt.audit.services import event_record

    event_record(
        stream="user",
        subject_id=alice.pk,
        actor=admin,
        action="x",
        changes={"data_role": ["none", "officer"]},
    )
    client.force_login(admin)
    page = client.get(reverse("audit_log"), {"stream": "user"}).content.decode()
    from pcmt.accounts.models import DataRole

    # The value, by its name rather than its code.
    assert f"→ {DataRole.OFFICER.label}" in page


def test_each_reading_of_the_audit_page_is_an_event(client, admin):
    client.force_login(admin)
    client.get(reverse("audit_log"), {"actor": "alice", "page": "1"})
    event = Event.objects.of(AUDIT_STREAM, None).get()
    assert event.action == AUDIT_READ_ACTION and event.actor == admin
    assert event.changes["filter"][1] == {"actor": "alice"}
