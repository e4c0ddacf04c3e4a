"""Support pages: the person-page section, its forms, and the indicator page."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from pcmt.support.models import CheckIn, PrisonRelease, ServiceReceived, Summons
from pcmt.support.services import release_record, service_record
from tests.support.factories import managed, summons

D = datetime.date


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _page(client, person):
    return client.get(reverse("person_detail", kwargs={"pk": person.pk})).content.decode()


def test_the_officer_sees_the_section_with_its_forms(client, alice, person_a):
    client.force_login(alice)
    body = _page(client, person_a)
    assert 'id="support"' in body
    for form in ("add-service", "add-release", "add-summons", "add-check-in"):
        assert f'id="{form}"' in body


def test_a_supervisor_sees_the_records_without_forms(client, alice, sam, person_a):
    service_record(
        actor=alice,
        person=person_a,
        service_type="loan",
        received_on=D(2025, 4, 2),
        provider="Ngân hàng Chính sách xã hội",
    )
    client.force_login(sam)
    body = _page(client, person_a)
    assert "Ngân hàng Chính sách xã hội" in body and "02/04/2025" in body
    assert 'id="add-service"' not in body and 'id="add-summons"' not in body


def test_recording_from_the_page(client, alice, person_a):
    client.force_login(alice)
    pk = person_a.pk
    posts = [
        (
            "service_add",
            {"service_type": "job", "received_on": "05/05/2025", "provider": "Đoàn thanh niên"},
        ),
        ("release_add", {"released_on": "01/09/2025", "facility": "Trại giam Thanh Xuân"}),
        (
            "summons_add",
            {
                "issued_on": "01/10/2025",
                "appear_on": "03/10/2025",
                "place": "Công an phường",
                "purpose": "Làm việc",
            },
        ),
        ("check_in_add", {"checked_in_on": "02/10/2025", "note": "Đến trình diện"}),
    ]
    for name, data in posts:
        response = client.post(reverse(name, kwargs={"pk": pk}), data)
        assert response.status_code == 302, name
        assert not [m for m in _messages(response) if ":" in m], _messages(response)
    assert ServiceReceived.objects.get().provider == "Đoàn thanh niên"
    assert PrisonRelease.objects.get().first_contact_on == D(2025, 10, 2)
    issued = Summons.objects.get()
    response = client.post(
        reverse("summons_attendance", kwargs={"summons_pk": issued.pk}),
        {"status": "absent", "attendance_on": "03/10/2025"},
    )
    assert response.status_code == 302
    issued.refresh_from_db()
    assert issued.status == "absent"
    assert CheckIn.objects.count() == 1
    body = _page(client, person_a)
    assert "Đoàn thanh niên" in body and "03/10/2025" in body


def test_a_summons_from_the_page_under_the_management(client, alice, person_a):
    management = managed(alice, person_a, D(2025, 10, 16))
    client.force_login(alice)
    assert "7/QĐ-UBND" in _page(client, person_a)
    client.post(
        reverse("summons_add", kwargs={"pk": person_a.pk}),
        {
            "issued_on": "20/10/2025",
            "appear_on": "22/10/2025",
            "place": "Công an phường",
            "purpose": "Kiểm diện",
            "management": management.pk,
        },
    )
    assert Summons.objects.get().management == management


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("service_add", {}),
        ("service_add", {"service_type": "job", "received_on": "31/02/2025", "provider": "x"}),
        ("service_add", {"service_type": "job", "received_on": "01/01/2099", "provider": "x"}),
        ("release_add", {"released_on": "2025-13-01", "facility": "x"}),
        ("release_add", {"released_on": "01/01/2099", "facility": "x"}),
        (
            "summons_add",
            {"issued_on": "05/10/2025", "appear_on": "01/10/2025", "place": "x", "purpose": "y"},
        ),
        (
            "summons_add",
            {
                "issued_on": "01/10/2025",
                "appear_on": "03/10/2025",
                "place": "x",
                "purpose": "y",
                "management": "999",
            },
        ),
        ("check_in_add", {"checked_in_on": "yesterday"}),
    ],
)
def test_bad_input_is_a_message_and_saves_nothing(client, alice, person_a, name, data):
    client.force_login(alice)
    response = client.post(reverse(name, kwargs={"pk": person_a.pk}), data)
    assert response.status_code == 302
    assert _messages(response), "the officer is told what is wrong"
    assert not ServiceReceived.objects.exists()
    assert not PrisonRelease.objects.exists()
    assert not Summons.objects.exists()
    assert not CheckIn.objects.exists()


def test_illegal_transitions_on_the_page_are_messages(client, alice, person_a):
    release = release_record(
        actor=alice, person=person_a, released_on=D(2025, 9, 1), facility="Trại giam"
    )
    issued = summons(alice, person_a, D(2025, 10, 10), issued_on=D(2025, 10, 6))
    client.force_login(alice)
    url = reverse("release_contact", kwargs={"release_pk": release.pk})
    early = client.post(url, {"contacted_on": "31/08/2025"})
    assert any("01/09/2025" in m for m in _messages(early))
    client.post(url, {"contacted_on": "02/09/2025"})
    twice = client.post(url, {"contacted_on": "03/09/2025"})
    assert any("02/09/2025" in m for m in _messages(twice))
    attend = reverse("summons_attendance", kwargs={"summons_pk": issued.pk})
    before = client.post(attend, {"status": "attended", "attendance_on": "09/10/2025"})
    assert any("10/10/2025" in m for m in _messages(before))
    issued.refresh_from_db()
    assert issued.status == "pending"


def test_other_communes_get_404_on_the_actions(client, alice, bob, person_a):
    issued = summons(alice, person_a, D(2025, 10, 10), issued_on=D(2025, 10, 6))
    client.force_login(bob)
    assert client.post(reverse("service_add", kwargs={"pk": person_a.pk}), {}).status_code == 404
    response = client.post(
        reverse("summons_attendance", kwargs={"summons_pk": issued.pk}),
        {"status": "attended", "attendance_on": "10/10/2025"},
    )
    assert response.status_code == 404
    issued.refresh_from_db()
    assert issued.status == "pending"


# The indicator page


def test_the_indicator_page_defaults_to_the_current_year(client, ann, alice, person_a):
    year = timezone.localdate().year
    service_record(
        actor=alice,
        person=person_a,
        service_type="counselling",
        received_on=timezone.localdate(),
        provider="Hội",
    )
    client.force_login(ann)
    response = client.get(reverse("indicator_services"))
    body = response.content.decode()
    assert response.status_code == 200
    assert f"01/01/{year}" in body and f"31/12/{year}" in body
    assert "Ba Đình" in body and ("100.0%" in body or "100,0%" in body)
    assert person_a.full_name not in body


def test_the_indicator_page_takes_a_period(client, sam, alice, person_a):
    service_record(
        actor=alice,
        person=person_a,
        service_type="counselling",
        received_on=D(2025, 2, 1),
        provider="Hội",
    )
    client.force_login(sam)
    body = client.get(
        reverse("indicator_services"), {"start": "01/03/2025", "end": "31/03/2025"}
    ).content.decode()
    assert "01/03/2025 – 31/03/2025" in body
    assert 'id="services-reached-total"><th>' in body


@pytest.mark.parametrize(
    "query",
    [{"start": "31/02/2025"}, {"start": "01/07/2025", "end": "01/01/2025"}, {"end": "abc"}],
)
def test_a_bad_period_is_a_field_error(client, sam, query):
    client.force_login(sam)
    response = client.get(reverse("indicator_services"), query)
    assert response.status_code == 200
    assert 'id="services-reached"' not in response.content.decode()
    assert "errorlist" in response.content.decode()


def test_outsiders_get_404_on_the_indicator_page(client, olga):
    client.force_login(olga)
    assert client.get(reverse("indicator_services")).status_code == 404
