"""REST API of support records and their transitions."""

import datetime

import pytest
from rest_framework.test import APIClient

from pcmt.support.models import Summons
from tests.support.factories import managed
from tests.tokens import api_token

D = datetime.date


def _client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


@pytest.fixture
def api(alice):
    return _client(alice)


def test_every_record_through_the_api(api, person_a):
    base = f"/api/v1/persons/{person_a.pk}"
    service = api.post(
        f"{base}/services/",
        {"service_type": "counselling", "received_on": "01/03/2025", "provider": "Hội"},
        format="json",
    )
    assert service.status_code == 201 and service.json()["received_on"] == "2025-03-01"
    release = api.post(
        f"{base}/prison-releases/",
        {"released_on": "2025-09-01", "facility": "Trại giam", "judgment": "Điều 249 BLHS"},
        format="json",
    )
    assert release.status_code == 201
    # Circular 10/2024/TT-BCA art. 8: 3 working days after 1-2/9 (National Day).
    assert release.json()["contact_due"] == "2025-09-05"
    assert release.json()["return_commune"] == "00004"
    contact = api.post(
        f"/api/v1/prison-releases/{release.json()['id']}/contact/",
        {"contacted_on": "05/09/2025"},
        format="json",
    )
    assert contact.status_code == 200 and contact.json()["first_contact_on"] == "2025-09-05"
    summons = api.post(
        f"{base}/summonses/",
        {
            "issued_on": "01/10/2025",
            "appear_on": "03/10/2025",
            "place": "Công an phường",
            "purpose": "Làm việc",
        },
        format="json",
    )
    assert summons.status_code == 201 and summons.json()["status"] == "pending"
    attendance = api.post(
        f"/api/v1/summonses/{summons.json()['id']}/attendance/",
        {"status": "attended", "attendance_on": "03/10/2025"},
        format="json",
    )
    assert attendance.status_code == 200 and attendance.json()["status"] == "attended"
    check_in = api.post(f"{base}/check-ins/", {"checked_in_on": "04/10/2025"}, format="json")
    assert check_in.status_code == 201
    record = api.get(f"{base}/support/").json()
    assert [len(record[k]) for k in ("services", "releases", "summonses", "check_ins")] == [
        1,
        1,
        1,
        1,
    ]
    assert record["missed_in_a_row"] == 0


def test_illegal_transitions_are_400_with_a_code(api, alice, person_a):
    base = f"/api/v1/persons/{person_a.pk}"
    summons = api.post(
        f"{base}/summonses/",
        {"issued_on": "01/10/2025", "appear_on": "03/10/2025", "place": "x", "purpose": "y"},
        format="json",
    ).json()
    url = f"/api/v1/summonses/{summons['id']}/attendance/"
    early = api.post(url, {"status": "absent", "attendance_on": "02/10/2025"}, format="json")
    assert early.status_code == 400 and early.json()["code"] == "date_before_previous_step"
    assert early.json()["field"] == "attendance_on"
    api.post(url, {"status": "absent", "attendance_on": "03/10/2025"}, format="json")
    again = api.post(url, {"status": "attended", "attendance_on": "04/10/2025"}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "illegal_transition"


def test_a_summons_under_an_ended_or_foreign_management_is_refused(api, alice, person_a, register):
    other = register(full_name="Đinh Văn Khác", birth_year=1980)
    foreign = managed(alice, other, D(2025, 10, 16))
    response = api.post(
        f"/api/v1/persons/{person_a.pk}/summonses/",
        {
            "issued_on": "20/10/2025",
            "appear_on": "22/10/2025",
            "place": "x",
            "purpose": "y",
            "management": foreign.pk,
        },
        format="json",
    )
    assert response.status_code == 400 and response.json()["field"] == "management"
    assert not Summons.objects.exists()


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("services/", {"service_type": "spa", "received_on": "01/03/2025", "provider": "x"}),
        ("services/", {"service_type": "loan", "received_on": "31/02/2025", "provider": "x"}),
        ("prison-releases/", {"released_on": "01/01/2099", "facility": "x"}),
        ("summonses/", {"issued_on": "01/10/2025", "appear_on": "", "place": "x"}),
        ("check-ins/", {"checked_in_on": "01/01/2099"}),
    ],
)
def test_bad_input_is_a_400(api, person_a, path, data):
    response = api.post(f"/api/v1/persons/{person_a.pk}/{path}", data, format="json")
    assert response.status_code == 400
    assert response.json()["code"] in ("invalid", "date_in_future")


@pytest.mark.parametrize("persona", ["bob", "sam", "ann", "olga"])
def test_no_write_outside_the_jurisdiction_or_without_the_officer_role(request, person_a, persona):
    client = _client(request.getfixturevalue(persona))
    response = client.post(
        f"/api/v1/persons/{person_a.pk}/check-ins/", {"checked_in_on": "01/10/2025"}, format="json"
    )
    assert response.status_code == 404


def test_readers_in_scope_see_the_records_others_get_404(request, alice, person_a):
    for persona, code in [("sam", 200), ("hana", 200), ("bob", 404), ("ann", 404)]:
        client = _client(request.getfixturevalue(persona))
        assert client.get(f"/api/v1/persons/{person_a.pk}/support/").status_code == code
