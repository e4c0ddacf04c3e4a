from rest_framework.test import APIClient

from pcmt.casework.models import AddictionDetermination
from tests.tokens import api_token


def test_the_determination_steps_through_the_api(alice, person_a):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token(alice)}")
    created = api.post(
        f"/api/v1/persons/{person_a.pk}/determinations/",
        {"trigger": "voluntary_request", "required_on": "05/05/2025"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert api.get("/api/v1/worklist/").json()["determinations"][0]["id"] == pk
    early = api.post(
        f"/api/v1/determinations/{pk}/result/",
        {"determined_on": "06/05/2025", "result": "dependent"},
        format="json",
    )
    assert early.status_code == 400 and early.json()["code"] == "illegal_transition"
    api.post(
        f"/api/v1/determinations/{pk}/request/",
        {"facility": "Bệnh viện", "requested_on": "06/05/2025"},
        format="json",
    )
    done = api.post(
        f"/api/v1/determinations/{pk}/result/",
        {"determined_on": "07/05/2025", "result": "dependent"},
        format="json",
    )
    assert done.status_code == 200 and done.json()["status"] == "determined"
    assert AddictionDetermination.objects.get().result == "dependent"
