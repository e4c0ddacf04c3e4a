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
    assert response.data["id_number"] == "••••••••2345"  # masked until revealed
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


_WRITABLE = (
    "full_name",
    "aliases",
    "birth_date",
    "birth_year",
    "sex",
    "id_number",
    "id_warning_override",
    "old_id_number",
    "phone",
    "ethnicity",
    "occupation",
    "permanent_address",
    "permanent_commune",
    "current_address",
    "current_commune",
    "current_village",
)


def _read(api, person):
    """The record as the API shows it, its ETag, and the writable fields to PUT back."""
    response = api.get(f"/api/v1/persons/{person.pk}/")
    assert response.status_code == 200
    body = {name: response.data[name] for name in _WRITABLE}
    return body, response["ETag"]


def test_update_changes_the_record(api, person_a):
    body, etag = _read(api, person_a)
    body.update(_body(full_name="Trần Văn Bình", id_number="", phone=""), birth_year=None)
    response = api.put(f"/api/v1/persons/{person_a.pk}/", body, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.data
    assert Person.objects.get(pk=person_a.pk).birth_year == 1991
    assert response["ETag"] == f'"{int(etag.strip(chr(34))) + 1}"'


def test_the_detail_sends_the_version_as_etag(api, person_a):
    response = api.get(f"/api/v1/persons/{person_a.pk}/")
    assert response["ETag"] == f'"{person_a.version}"' and response.data["version"] == 1


def test_a_write_without_if_match_is_428(api, person_a):
    body, _etag = _read(api, person_a)
    for method in (api.put, api.patch):
        response = method(f"/api/v1/persons/{person_a.pk}/", body, format="json")
        assert response.status_code == 428
        assert response.data["code"] == "precondition_required"
    assert Person.objects.get(pk=person_a.pk).version == 1


def test_a_stale_write_is_412_with_what_changed(api, person_a):
    body, etag = _read(api, person_a)
    first = api.patch(
        f"/api/v1/persons/{person_a.pk}/",
        {"occupation": "Thợ hàn"},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert first.status_code == 200, first.data
    body["occupation"] = "Nông dân"
    response = api.put(f"/api/v1/persons/{person_a.pk}/", body, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    assert response.data["code"] == "stale_version" and response.data["version"] == 2
    assert response["ETag"] == '"2"'
    assert [c["current"] for c in response.data["changes"]] == ["Thợ hàn"]
    assert Person.objects.get(pk=person_a.pk).occupation == "Thợ hàn"


def test_a_put_without_the_secrets_is_a_field_error_not_a_clear(api, person_a):
    body, etag = _read(api, person_a)
    del body["id_number"], body["phone"]
    response = api.put(f"/api/v1/persons/{person_a.pk}/", body, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 400
    assert {"id_number", "phone"} <= set(response.data["fields"])
    person = Person.objects.get(pk=person_a.pk)
    assert person.id_number_hash and person.phone_hash and person.version == 1


def test_a_patch_changes_only_what_it_names(api, person_a):
    _unused, etag = _read(api, person_a)
    response = api.patch(
        f"/api/v1/persons/{person_a.pk}/",
        {"occupation": "Lái xe"},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 200, response.data
    assert response.data["id_number"] == "••••••••2345"  # kept, shown masked
    assert response.data["phone"] == "••••••5678"
    assert response.data["full_name"] == "Trần Văn Bình"
    assert response.data["occupation"] == "Lái xe"
    assert response.data["birth_date"] == "1988-03-04"


def test_clearing_a_phone_is_explicit_and_sealed_in_the_event(api, person_a):
    from pcmt.audit.services import sealed_values

    _unused, etag = _read(api, person_a)
    response = api.patch(
        f"/api/v1/persons/{person_a.pk}/", {"phone": None}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200, response.data
    assert response.data["phone"] == "" and response.data["id_number"] == "••••••••2345"
    event = person_a.events.filter(action="updated").last()
    assert event.changes["phone"][1] == ""
    assert sealed_values(event) == {"phone": "0912345678"}


def test_a_second_record_with_the_same_id_is_a_409_even_when_acknowledged(api, person_a):
    response = api.post(
        "/api/v1/persons/",
        _body(id_number="001088012345", birth_date="04/03/1988", acknowledge_duplicates=True),
        format="json",
    )
    assert response.status_code == 409
    assert response.data["code"] == "id_number_taken" and response.data["field"] == "id_number"
    assert response.data["candidates"] == [{"id": person_a.pk, "full_name": "Trần Văn Bình"}]
