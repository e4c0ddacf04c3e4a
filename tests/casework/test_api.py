import pytest
from rest_framework.test import APIClient

from pcmt.casework.models import UserManagement
from tests.tokens import api_token


def _client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


@pytest.fixture
def api(alice):
    return _client(alice)


TEST = {
    "tested_on": "16/10/2025",
    "place": "Công an phường",
    "result": "positive",
    "tested_by": "Cán bộ",
}


def test_a_positive_test_through_the_api_puts_a_decision_on_the_worklist(api, person_a):
    assert (
        api.post(f"/api/v1/persons/{person_a.pk}/drug-tests/", TEST, format="json").status_code
        == 201
    )
    worklist = api.get("/api/v1/worklist/").json()
    assert [m["person"] for m in worklist["decisions_due"]] == [person_a.pk]
    assert worklist["decisions_due"][0]["decision_due"] == "2025-10-21"


def test_the_decision_and_the_end_through_the_api(api, person_a):
    api.post(f"/api/v1/persons/{person_a.pk}/drug-tests/", TEST, format="json")
    management = UserManagement.objects.get()
    decided = api.post(
        f"/api/v1/managements/{management.pk}/decision/",
        {"number": "1/QĐ", "decision_date": "17/10/2025", "signer": "Chủ tịch"},
        format="json",
    )
    assert decided.status_code == 200 and decided.json()["period_end"] == "2026-10-17"
    again = api.post(
        f"/api/v1/managements/{management.pk}/decision/",
        {"number": "2/QĐ", "decision_date": "18/10/2025", "signer": "Chủ tịch"},
        format="json",
    )
    assert again.status_code == 400 and again.json()["code"] == "illegal_transition"
    ended = api.post(
        f"/api/v1/managements/{management.pk}/end/",
        {"ended_on": "01/11/2025", "reason": "prison"},
        format="json",
    )
    assert ended.json()["status"] == "ended"


def test_bad_input_is_a_400_with_fields(api, person_a):
    response = api.post(
        f"/api/v1/persons/{person_a.pk}/drug-tests/",
        {"tested_on": "32/13/2025", "result": "maybe"},
        format="json",
    )
    assert response.status_code == 400
    assert {"tested_on", "result", "place", "tested_by"} <= set(response.json()["fields"])


def test_a_supervisor_reads_the_worklist_but_cannot_decide(api, sam, person_a):
    api.post(f"/api/v1/persons/{person_a.pk}/drug-tests/", TEST, format="json")
    supervisor = _client(sam)
    assert len(supervisor.get("/api/v1/worklist/").json()["decisions_due"]) == 1
    management = UserManagement.objects.get()
    response = supervisor.post(
        f"/api/v1/managements/{management.pk}/decision/",
        {"number": "1", "decision_date": "17/10/2025", "signer": "x"},
        format="json",
    )
    assert response.status_code == 404


def test_the_grounds_for_testing_are_kept_and_checked(api, person_a):
    url = f"/api/v1/persons/{person_a.pk}/drug-tests/"
    created = api.post(url, {**TEST, "grounds": "signs_of_use"}, format="json")
    assert created.status_code == 201 and created.json()["grounds"] == "signs_of_use"
    event = person_a.events.get(action="drug_test")
    assert event.changes["grounds"][0] is None and event.changes["grounds"][1]
    refused = api.post(url, {**TEST, "grounds": "gut_feeling"}, format="json")
    assert refused.status_code == 400 and "grounds" in refused.content.decode()


def test_the_service_refuses_unknown_grounds(alice, person_a):
    import datetime

    from pcmt.casework.services import drug_test_record
    from pcmt.core.errors import DomainError

    with pytest.raises(DomainError) as refused:
        drug_test_record(
            actor=alice,
            person=person_a,
            tested_on=datetime.date(2025, 10, 16),
            place="Trụ sở",
            result="negative",
            tested_by="Cán bộ",
            grounds="gut_feeling",
        )
    assert refused.value.field == "grounds"


def test_the_api_takes_the_day_the_result_was_received(api, person_a):
    body = {**TEST, "result_received_on": "21/10/2025"}
    created = api.post(f"/api/v1/persons/{person_a.pk}/drug-tests/", body, format="json")
    assert created.status_code == 201
    assert created.json()["result_received_on"] == "2025-10-21"
    assert str(UserManagement.objects.get().decision_due) == "2025-10-24"


def test_the_api_refuses_a_result_received_before_the_test(api, person_a):
    body = {**TEST, "result_received_on": "15/10/2025"}
    refused = api.post(f"/api/v1/persons/{person_a.pk}/drug-tests/", body, format="json")
    assert refused.status_code == 400
    assert refused.json()["field"] == "result_received_on"
    assert not UserManagement.objects.exists()
