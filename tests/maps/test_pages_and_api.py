"""The map page and its API: who sees which communes, values, markers and links."""

import datetime
import io
import json
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from pcmt.casework.services import drug_test_record
from pcmt.persons.services import person_category_add
from pcmt.places.services import hotspot_close, hotspot_eliminate, hotspot_monitor

pytestmark = pytest.mark.django_db

PERIOD = {"period": "year", "start": "2025-06-01"}


@pytest.fixture
def personas(alice, bob, sam, hana, ann, olga):
    return None


@pytest.fixture
def world(personas, mapped, person_a, person_b, located_hotspot, alice):
    drug_test_record(
        actor=alice,
        person=person_a,
        tested_on=datetime.date(2025, 5, 3),
        place="Công an phường",
        result="positive",
        tested_by="Cán bộ",
    )
    return mapped


def _login(client: Any, django_user_model: Any, name: str) -> None:
    client.force_login(django_user_model.objects.get(username=name))


def _values(client: Any, measure: str = "persons") -> Any:
    return client.get(reverse("api_map_values"), {"measure": measure, **PERIOD})


def test_an_officer_sees_only_his_communes_values_and_the_neighbours_outlines(
    client, world, django_user_model
):
    commune_a, commune_b = world
    _login(client, django_user_model, "alice")
    values = _values(client).json()
    assert set(values["values"]) == {commune_a.code}
    assert values["values"][commune_a.code]["value"] == 1
    features = client.get(reverse("api_map_communes")).json()["features"]
    assert {(f["properties"]["code"], f["properties"]["in_scope"]) for f in features} == {
        (commune_a.code, True),
        (commune_b.code, False),
    }
    assert client.get(reverse("map_commune", kwargs={"code": commune_b.code})).status_code == 404


def test_the_province_sees_every_commune_with_counts(client, world, django_user_model):
    commune_a, commune_b = world
    _login(client, django_user_model, "sam")
    values = _values(client).json()["values"]
    assert values[commune_a.code]["value"] == 1
    assert values[commune_b.code]["value"] == 0  # a count: zero, not "no data"
    tests = _values(client, "positive_tests").json()["values"]
    assert tests[commune_a.code]["value"] == 1
    assert tests[commune_b.code]["value"] == 0


def test_a_rate_without_a_population_figure_is_no_data_not_zero(client, world, django_user_model):
    commune_a, commune_b = world
    _login(client, django_user_model, "sam")
    body = _values(client, "persons_rate").json()
    assert body["values"][commune_a.code]["value"] == 0.05  # 1 per 20,000 residents
    assert body["values"][commune_b.code] == {"value": None, "class": None}
    assert body["no_data"] == 1


def test_police_see_hotspot_markers_with_links(client, world, located_hotspot, django_user_model):
    _login(client, django_user_model, "sam")
    layers = client.get(reverse("api_map_markers"), PERIOD).json()["layers"]
    (feature,) = layers["hotspots"]["features"]
    assert feature["properties"]["severity"] == "severe"
    assert feature["properties"]["url"] == reverse(
        "hotspot_detail", kwargs={"hotspot_pk": located_hotspot.pk}
    )
    assert feature["geometry"]["coordinates"] == [105.81, 21.01]
    assert set(layers) == {"hotspots", "incidents", "businesses"}  # persons are never plotted


@pytest.mark.parametrize("persona", ["hana", "ann"])
def test_health_users_and_analysts_get_no_hotspot_markers(
    client, world, persona, django_user_model
):
    _login(client, django_user_model, persona)
    assert client.get(reverse("api_map_markers"), PERIOD).json()["layers"] == {}


def test_health_users_get_no_hotspot_counts_either(client, world, django_user_model):
    _login(client, django_user_model, "hana")
    assert _values(client, "hotspots").status_code == 404
    page = client.get(reverse("map"))
    assert b'value="hotspots"' not in page.content


def test_analysts_count_hotspots_but_the_popup_has_no_links(client, world, django_user_model):
    commune_a, _commune_b = world
    _login(client, django_user_model, "ann")
    assert _values(client, "hotspots").json()["values"][commune_a.code]["value"] == 1
    popup = client.get(reverse("map_commune", kwargs={"code": commune_a.code}), PERIOD)
    assert popup.status_code == 200
    assert b"<a " not in popup.content
    assert popup.context["summary"].rows[0]["value"] == 1


def test_the_popup_links_to_records_for_an_officer(client, world, django_user_model):
    commune_a, _commune_b = world
    _login(client, django_user_model, "alice")
    popup = client.get(reverse("map_commune", kwargs={"code": commune_a.code}), PERIOD)
    urls = [link["url"] for link in popup.context["summary"].links]
    assert urls == [
        f"{reverse('person_list')}?commune={commune_a.pk}",
        f"{reverse('hotspot_list')}?commune={commune_a.pk}",
        f"{reverse('incident_list')}?commune={commune_a.pk}",
        f"{reverse('business_list')}?commune={commune_a.pk}",
        f"{reverse('key_area_list')}?commune={commune_a.pk}",
        f"{reverse('drug_free_list')}?commune={commune_a.pk}",
    ]


def test_outsiders_reach_nothing(client, world, django_user_model):
    _login(client, django_user_model, "olga")
    assert client.get(reverse("map")).status_code == 404
    for name in ("api_map_communes", "api_map_values", "api_map_analysis", "api_map_markers"):
        assert client.get(reverse(name)).status_code == 404


@pytest.mark.parametrize("persona", ["alice", "sam", "hana", "ann"])
def test_the_page_renders_in_vietnamese(client, world, persona, django_user_model):
    _login(client, django_user_model, persona)
    response = client.get(reverse("map"), PERIOD)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bản đồ số tình hình ma túy" in html
    assert 'id="map"' in html and "js/map.js" in html and "leaflet.js" in html
    assert "<script>" not in html and "style=" not in html


def test_the_analysis_says_why_it_did_not_run_on_two_communes(client, world, django_user_model):
    _login(client, django_user_model, "sam")
    body = client.get(reverse("api_map_analysis"), {"measure": "persons", **PERIOD}).json()
    assert body["ran"] is False
    assert "30" in body["reason"]
    assert body["method"]["permutations"] == 999


def test_bad_input_is_a_coded_error_not_a_crash(client, world, django_user_model):
    _login(client, django_user_model, "sam")
    bad = client.get(reverse("api_map_values"), {"period": "custom", "start": "x"})
    assert bad.status_code == 400
    assert bad.json()["code"] == "map_period_date"
    assert client.get(reverse("api_map_values"), {"measure": "nope"}).status_code == 404
    assert client.get(reverse("map"), {"period": "custom", "start": "x"}).status_code == 200


def test_the_api_schema_lists_the_map_routes(client, alice):
    client.force_login(alice)
    schema = client.get(reverse("api_schema")).content.decode()
    for route in ("communes", "values", "analysis", "markers"):
        assert f"/api/v1/map/{route}/" in schema
    assert "Getis-Ord Gi*" in schema


def test_markers_show_the_status_at_the_period_end(client, world, located_hotspot, alice, sam):
    hotspot_eliminate(actor=alice, hotspot=located_hotspot, eliminated_on=datetime.date(2025, 8, 1))
    client.force_login(sam)

    def status(params: dict[str, str]) -> list[str]:
        layers = client.get(reverse("api_map_markers"), params).json()["layers"]
        return [f["properties"]["status"] for f in layers["hotspots"]["features"]]

    assert status({"period": "quarter", "start": "2025-05-01"}) == ["detected"]
    assert status({"period": "quarter", "start": "2025-08-15"}) == ["eliminated"]
    # Eliminated hotspots stay on the map, in grey, while they are watched.
    assert status({"period": "quarter", "start": "2025-11-15"}) == ["eliminated"]
    hotspot_monitor(actor=alice, hotspot=located_hotspot, monitoring_from=datetime.date(2025, 9, 1))
    hotspot_close(actor=alice, hotspot=located_hotspot, closed_on=datetime.date(2026, 8, 1))
    assert status({"period": "quarter", "start": "2025-11-15"}) == ["monitoring"]
    assert status({"period": "quarter", "start": "2026-08-15"}) == ["closed"]
    assert status({"period": "quarter", "start": "2026-11-15"}) == []  # closed before the period


def test_the_export_holds_the_values_of_the_jurisdiction_only(client, world, django_user_model):
    commune_a, _commune_b = world
    _login(client, django_user_model, "alice")
    response = client.get(reverse("api_map_export"), {"measure": "persons", **PERIOD})
    assert response["Content-Type"] == "application/geo+json"
    body = json.loads(response.content)
    (feature,) = body["features"]
    assert feature["properties"]["code"] == commune_a.code
    assert feature["properties"]["value"] == 1
    assert feature["geometry"]["type"] == "Polygon"
    sheet = client.get(reverse("api_map_export"), {"file": "xlsx", **PERIOD})
    assert sheet.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(sheet.content)).active.values)
    assert rows[0] == ("Mã", "Xã", "Người đang quản lý", "Lớp", "Gi* z", "Gi* p", "Gi_Bin")
    assert [row[0] for row in rows[1:]] == [commune_a.code]


def test_a_person_in_two_categories_counts_once(client, world, person_a, alice):
    commune_a, _commune_b = world
    person_category_add(
        actor=alice, person=person_a, category="high_risk", start_date=datetime.date(2025, 2, 1)
    )
    client.force_login(alice)
    assert _values(client).json()["values"][commune_a.code]["value"] == 1


def test_a_tile_source_on_the_closed_network_is_offered_only_when_configured(
    client, world, django_user_model, settings
):
    _login(client, django_user_model, "sam")
    assert 'data-tile-url=""' in client.get(reverse("map")).content.decode()
    settings.PCMT_MAP_TILE_URL = "https://tiles.internal/{z}/{x}/{y}.png"
    page = client.get(reverse("map")).content.decode()
    assert 'data-tile-url="https://tiles.internal/{z}/{x}/{y}.png"' in page


def test_the_legend_names_the_scheme_and_counts_each_class_and_no_data(client, world, sam):
    client.force_login(sam)
    body = client.get(
        reverse("api_map_values"), {"measure": "persons", "scheme": "natural_breaks", **PERIOD}
    ).json()
    assert body["scheme_label"] == "Ngắt tự nhiên (Fisher-Jenks)"
    # Two distinct values (1 and 0): two classes, one commune each.
    assert body["breaks"] == [0, 1] and body["class_counts"] == [1, 1] and body["no_data"] == 0
    rate = client.get(
        reverse("api_map_values"), {"measure": "persons_rate", "scheme": "quantiles", **PERIOD}
    ).json()
    assert rate["scheme_label"] == "Phân vị (số xã đều nhau mỗi lớp)"
    assert rate["class_counts"] == [1] and rate["no_data"] == 1  # no data counted apart
