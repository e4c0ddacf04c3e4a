"""The moves API: every transition, the list, the look-up revealing the least."""

import pytest
from rest_framework.test import APIClient

from pcmt.audit.models import Event
from pcmt.persons.models import Person
from tests.tokens import api_token


def _client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


@pytest.fixture
def api_alice(alice):
    return _client(alice)


@pytest.fixture
def api_bob(bob):
    return _client(bob)


MOVE = {"to_commune": "00008", "new_address": "5 Hoàng Hoa Thám", "moved_on": "01/07/2026"}


def test_record_notify_accept_through_the_api(api_alice, api_bob, person_a, commune_b):
    created = api_alice.post(f"/api/v1/persons/{person_a.pk}/moves/", MOVE, format="json")
    assert created.status_code == 201
    move = created.json()
    assert (move["status"], move["law_code"], move["to_commune"]) == (
        "recorded",
        "law_120_2025",
        "00008",
    )
    assert move["notify_due"].startswith("2026-07-03T00:00:00+07:00")
    assert api_bob.get(f"/api/v1/moves/{move['id']}/").status_code == 404
    notified = api_alice.post(f"/api/v1/moves/{move['id']}/notify/", {}, format="json")
    assert notified.status_code == 200 and notified.json()["notified_late"] is True
    assert [m["id"] for m in api_bob.get("/api/v1/moves/?direction=in").json()["results"]] == [
        move["id"]
    ]
    accepted = api_bob.post(
        f"/api/v1/moves/{move['id']}/accept/",
        {"reported_on": "02/07/2026", "reported_time": "09:30"},
        format="json",
    )
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted" and accepted.json()["reported_late"] is False
    assert Person.objects.get(pk=person_a.pk).managing_commune == commune_b
    assert api_bob.get(f"/api/v1/persons/{person_a.pk}/").status_code == 200


def test_cancel_and_refuse_through_the_api(api_alice, api_bob, person_a, register, commune_b):
    move = api_alice.post(f"/api/v1/persons/{person_a.pk}/moves/", MOVE, format="json").json()
    cancelled = api_alice.post(
        f"/api/v1/moves/{move['id']}/cancel/", {"reason": "Nhầm"}, format="json"
    )
    assert cancelled.json()["status"] == "cancelled"
    again = api_alice.post(f"/api/v1/persons/{person_a.pk}/moves/", MOVE, format="json").json()
    api_alice.post(f"/api/v1/moves/{again['id']}/notify/", {}, format="json")
    refused = api_bob.post(
        f"/api/v1/moves/{again['id']}/refuse/", {"reason": "Sai địa chỉ"}, format="json"
    )
    assert refused.json()["status"] == "refused"


def test_errors_are_stable_codes(api_alice, api_bob, person_a, commune_b):
    move = api_alice.post(f"/api/v1/persons/{person_a.pk}/moves/", MOVE, format="json").json()
    second = api_alice.post(f"/api/v1/persons/{person_a.pk}/moves/", MOVE, format="json")
    assert second.status_code == 400 and second.json()["code"] == "illegal_transition"
    unknown = api_alice.post(
        f"/api/v1/persons/{person_a.pk}/moves/", {**MOVE, "to_commune": "99999"}, format="json"
    )
    assert unknown.status_code == 400 and "to_commune" in unknown.json()["fields"]
    # The receiver cannot see a move it was not notified of: 404, not 403.
    assert api_bob.post(f"/api/v1/moves/{move['id']}/accept/", {}, format="json").status_code == 404


def test_the_lookup_answers_no_match_and_nothing_else(api_bob, bob, person_a):
    response = api_bob.post("/api/v1/moves/lookup/", {"id_number": "001088012346"}, format="json")
    assert response.status_code == 200 and response.json() == {"match": False}
    assert not Event.objects.filter(action="read", actor=bob).exists()


def test_the_lookup_gives_only_name_birth_year_and_sending_commune(api_bob, bob, person_a):
    response = api_bob.post("/api/v1/moves/lookup/", {"id_number": "001088012345"}, format="json")
    assert person_a.events.filter(action="read", actor=bob, origin__channel="api").exists()
    assert response.json() == {
        "match": True,
        "full_name": "Trần Văn Bình",
        "birth_year": 1988,
        "sending_commune": f"{person_a.managing_commune.full_name}, "
        f"{person_a.managing_commune.parent.full_name}",
    }


def test_the_lookup_is_for_officers_only(sam, ann, olga, person_a):
    for user in (sam, ann, olga):
        response = _client(user).post(
            "/api/v1/moves/lookup/", {"id_number": "001088012345"}, format="json"
        )
        assert response.status_code == 404


def test_an_arrival_through_the_api(api_bob, api_alice, person_a, commune_b):
    response = api_bob.post(
        "/api/v1/moves/arrivals/",
        {
            "id_number": "001088012345",
            "to_commune": "00008",
            "new_address": "3 Liễu Giai",
            "moved_on": "01/07/2026",
            "reported_on": "01/07/2026",
        },
        format="json",
    )
    assert response.status_code == 201 and response.json()["status"] == "reported"
    move_id = response.json()["id"]
    assert api_alice.post(f"/api/v1/moves/{move_id}/notify/", {}, format="json").status_code == 200
    accepted = api_bob.post(f"/api/v1/moves/{move_id}/accept/", {}, format="json")
    assert accepted.json()["status"] == "accepted"


def test_an_arrival_for_an_unknown_number_is_a_field_error(api_bob, commune_b):
    response = api_bob.post(
        "/api/v1/moves/arrivals/",
        {
            "id_number": "001088099999",
            "to_commune": "00008",
            "new_address": "x",
            "moved_on": "01/07/2026",
            "reported_on": "01/07/2026",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "no_match",
        "message": response.json()["message"],
        "field": "id_number",
    }
