"""The place layers of the map (incidents, businesses, key areas, drug-free units), the
incident density and the emerging analysis: who sees what."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from pcmt.places.models import BusinessKind, IncidentKind, KeyAreaType
from pcmt.places.services import (
    BusinessInput,
    DrugFreeInput,
    IncidentInput,
    KeyAreaInput,
    business_register,
    drug_free_recognise,
    incident_create,
    key_area_select,
)

pytestmark = pytest.mark.django_db

PERIOD = {"period": "year", "start": "2025-06-01"}


@pytest.fixture
def personas(alice, bob, sam, hana, ann, olga):
    return None


@pytest.fixture
def places(personas, mapped, alice, bob):
    commune_a, commune_b = mapped
    for day, lat in ((datetime.date(2025, 3, 1), 21.005), (datetime.date(2025, 7, 9), 21.012)):
        incident_create(
            actor=alice,
            data=IncidentInput(
                commune=commune_a,
                summary="Bắt quả tang mua bán",
                kind=IncidentKind.ARREST,
                occurred_on=day,
                offenders=1,
                latitude=lat,  # type: ignore[arg-type]
                longitude=105.81,  # type: ignore[arg-type]
            ),
        )
    incident_create(
        actor=bob,
        data=IncidentInput(
            commune=commune_b,
            summary="Tin báo",
            kind=IncidentKind.TIP,
            occurred_on=datetime.date(2025, 4, 2),
            latitude=21.01,  # type: ignore[arg-type]
            longitude=105.83,  # type: ignore[arg-type]
        ),
    )
    business_register(
        actor=alice,
        data=BusinessInput(
            commune=commune_a,
            name="Karaoke Ánh Trăng",
            kind=BusinessKind.KARAOKE,
            opened_on=datetime.date(2024, 5, 1),
            latitude=21.015,  # type: ignore[arg-type]
            longitude=105.815,  # type: ignore[arg-type]
        ),
    )
    key_area_select(
        actor=bob,
        data=KeyAreaInput(
            commune=commune_b,
            area_type=KeyAreaType.TYPE_II,
            decision_number="12/QĐ-UBND",
            selected_on=datetime.date(2025, 1, 10),
        ),
    )
    drug_free_recognise(
        actor=alice,
        data=DrugFreeInput(
            commune=commune_a, decision_number="5/QĐ-UBND", recognised_on=datetime.date(2025, 2, 1)
        ),
    )
    return mapped


def _values(client, measure):
    return client.get(reverse("api_map_values"), {"measure": measure, **PERIOD})


def test_the_province_colours_communes_by_incidents_key_areas_and_drug_free_units(
    client, places, sam
):
    commune_a, commune_b = places
    client.force_login(sam)
    incidents = _values(client, "incidents").json()["values"]
    assert incidents[commune_a.code]["value"] == 2 and incidents[commune_b.code]["value"] == 1
    key_areas = _values(client, "key_areas").json()["values"]
    assert key_areas[commune_a.code]["value"] == 0 and key_areas[commune_b.code]["value"] == 1
    drug_free = _values(client, "drug_free").json()["values"]
    assert drug_free[commune_a.code]["value"] == 1 and drug_free[commune_b.code]["value"] == 0


def test_an_officer_sees_his_communes_incidents_and_businesses_with_links(client, places, alice):
    commune_a, _commune_b = places
    client.force_login(alice)
    layers = client.get(reverse("api_map_markers"), PERIOD).json()["layers"]
    incidents = layers["incidents"]["features"]
    assert [f["properties"]["commune"] for f in incidents] == [commune_a.code] * 2
    assert incidents[0]["properties"]["url"].startswith("/incidents/")
    assert incidents[0]["properties"]["date"] == "01/03/2025"
    (business,) = layers["businesses"]["features"]
    assert business["properties"]["name"] == "Karaoke Ánh Trăng"
    assert business["properties"]["url"].startswith("/businesses/")
    quarter = client.get(reverse("api_map_markers"), {"period": "quarter", "start": "2025-07-15"})
    assert len(quarter.json()["layers"]["incidents"]["features"]) == 1


@pytest.mark.parametrize("persona", ["hana", "ann"])
def test_health_users_and_analysts_get_no_place_markers(client, places, persona, django_user_model):
    client.force_login(django_user_model.objects.get(username=persona))
    assert client.get(reverse("api_map_markers"), PERIOD).json()["layers"] == {}


def test_health_users_get_no_place_counts_no_density(client, places, hana):
    client.force_login(hana)
    for measure in ("incidents", "key_areas", "drug_free"):
        assert _values(client, measure).status_code == 404
    assert client.get(reverse("api_map_heat"), PERIOD).status_code == 404
    page = client.get(reverse("map")).content.decode()
    assert 'value="incidents"' not in page and 'data-heat-url=""' in page


def test_analysts_get_the_density_as_numbers_only(client, places, ann):
    client.force_login(ann)
    assert _values(client, "incidents").status_code == 200
    body = client.get(reverse("api_map_heat"), PERIOD).json()
    assert body["points"] == 3
    assert body["features"]
    assert set(body["features"][0]["properties"]) == {"density", "level"}
    assert max(f["properties"]["level"] for f in body["features"]) == 5


def test_an_officers_density_holds_only_his_communes_incidents(client, places, alice):
    client.force_login(alice)
    assert client.get(reverse("api_map_heat"), PERIOD).json()["points"] == 2


def test_the_emerging_analysis_refuses_two_communes_and_hides_hidden_measures(
    client, places, sam, hana
):
    client.force_login(sam)
    body = client.get(reverse("api_map_emerging"), {"measure": "incidents"}).json()
    assert body["ran"] is False and "30" in body["reason"]
    assert len(body["steps"]) == 12
    bad = client.get(reverse("api_map_emerging"), {"steps": "2"})
    assert bad.status_code == 400 and bad.json()["code"] == "map_steps"
    assert client.get(reverse("api_map_emerging"), {"step": "day"}).json()["code"] == "map_step"
    client.force_login(hana)
    assert client.get(reverse("api_map_emerging"), {"measure": "incidents"}).status_code == 404
    assert client.get(reverse("api_map_emerging"), {"measure": "persons"}).status_code == 200


def test_outsiders_reach_no_new_route(client, places, olga):
    client.force_login(olga)
    for name in ("api_map_heat", "api_map_emerging", "api_map_export"):
        assert client.get(reverse(name)).status_code == 404


def test_the_csv_export_holds_the_view_of_the_jurisdiction(client, places, alice):
    commune_a, _commune_b = places
    client.force_login(alice)
    response = client.get(
        reverse("api_map_export"), {"file": "csv", "measure": "incidents", **PERIOD}
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Mã", "Xã", "Vụ việc trong kỳ"]
    assert [row[0] for row in rows[1:]] == [commune_a.code]
    assert rows[1][2] == "2"


def test_the_page_explains_the_emerging_categories_in_vietnamese(client, places, sam):
    client.force_login(sam)
    html = client.get(reverse("map"), PERIOD).content.decode()
    assert "Điểm nóng gia tăng" in html and "Điểm lạnh dao động" in html
    assert 'id="map-slider-range"' in html and 'id="map-export-csv"' in html


def test_an_emerging_analysis_reaching_before_year_one_is_a_coded_error(client, places, sam):
    client.force_login(sam)
    response = client.get(reverse("api_map_emerging"), {"start": "0001-02-01", "steps": "12"})
    assert response.status_code == 400
    assert response.json()["code"] == "map_period_date"


def test_the_api_schema_lists_the_density_and_emerging_routes(client, alice):
    client.force_login(alice)
    schema = client.get(reverse("api_schema")).content.decode()
    assert "/api/v1/map/heat/" in schema and "/api/v1/map/emerging/" in schema
    assert "intensifying_hot_spot" in schema
