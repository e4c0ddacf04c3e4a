import pytest
from rest_framework.test import APIClient

from pcmt.persons.models import Person
from tests.tokens import api_token


@pytest.fixture
def api(alice):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(alice)}")
    return client


def _body(**overrides):
    body = {
        "full_name": "Vũ Văn Nam",
        "birth_date": "12/12/1991",
        "sex": "male",
        "current_commune": "00004",
        "id_number": "001091012345",
        "phone": "0911222333",
    }
    body.update(overrides)
    return body


def test_it_creates_a_person_with_token_authentication(api):
    response = api.post("/api/v1/persons/", _body(), format="json")
    assert response.status_code == 201, response.data
    assert response.data["full_name"] == "Vũ Văn Nam"
    assert response.data["id_number"] == "001091012345"
    assert response.data["birth_date"] == "1991-12-12"


def test_a_rule_violation_is_a_400_with_a_stable_code_and_field(api):
    response = api.post("/api/v1/persons/", _body(id_number="123"), format="json")
    assert response.status_code == 400
    assert response.data["code"] == "id_format" and response.data["field"] == "id_number"


def test_a_likely_duplicate_is_a_409_with_candidates(api):
    first = api.post("/api/v1/persons/", _body(), format="json").data
    response = api.post("/api/v1/persons/", _body(full_name="Khác"), format="json")
    assert response.status_code == 409
    assert response.data["candidates"] == [{"id": first["id"], "full_name": "Vũ Văn Nam"}]


def test_malformed_fields_get_messages_not_a_500(api):
    response = api.post(
        "/api/v1/persons/", {"full_name": "", "sex": "x", "birth_date": "32/13/1"}, format="json"
    )
    assert response.status_code == 400
    assert {"full_name", "sex", "birth_date", "current_commune"} <= set(response.data["fields"])


def test_search_is_diacritic_insensitive_and_scoped(api, person_a, person_b):
    response = api.get("/api/v1/persons/", {"q": "tran van binh"})
    assert [r["id"] for r in response.data["results"]] == [person_a.pk]
    assert api.get("/api/v1/persons/", {"q": "le thi cuc"}).data["results"] == []


def test_reading_another_communes_person_is_404(api, person_b):
    assert api.get(f"/api/v1/persons/{person_b.pk}/").status_code == 404


def test_reads_through_the_api_are_logged(api, alice, person_a):
    assert api.get(f"/api/v1/persons/{person_a.pk}/").status_code == 200
    assert person_a.events.filter(action="read", actor=alice, origin__channel="api").exists()


def test_the_schema_describes_the_person_routes(client, alice):
    client.force_login(alice)  # the schema is for signed-in users only
    schema = client.get("/api/v1/schema/").content.decode()
    assert "/api/v1/persons/{id}/" in schema and "/api/v1/address/resolve/" in schema


def test_update_changes_the_record(api, person_a):
    response = api.put(
        f"/api/v1/persons/{person_a.pk}/",
        _body(full_name="Trần Văn Bình", id_number="", phone=""),
        format="json",
    )
    assert response.status_code == 200, response.data
    assert Person.objects.get(pk=person_a.pk).birth_year == 1991
