"""The map's hot-spot layer over H3 hexagons of located incidents and hotspots: the planted
cluster comes out hot, who may see it, and too few cells are said so."""

import datetime

import h3
import pytest
from django.urls import reverse

from pcmt.places.models import IncidentKind
from pcmt.places.services import IncidentInput, incident_create

pytestmark = pytest.mark.django_db

PERIOD = {"period": "year", "start": "2025-06-01", "points": "incidents"}
CENTRE = h3.latlng_to_cell(21.01, 105.81, 8)


def _incidents(actor, commune, cell, count):
    lat, lng = h3.cell_to_latlng(cell)
    for _i in range(count):
        incident_create(
            actor=actor,
            data=IncidentInput(
                commune=commune,
                summary="Bắt quả tang mua bán",
                kind=IncidentKind.ARREST,
                occurred_on=datetime.date(2025, 5, 1),
                latitude=round(lat, 6),  # type: ignore[arg-type]
                longitude=round(lng, 6),  # type: ignore[arg-type]
                location_override_reason="Điểm thử nghiệm",
            ),
        )


@pytest.fixture
def cluster(settings, mapped, alice, bob, sam, hana):
    """Commune A: 6 incidents in one cell and 3 in each of its six neighbours; commune B:
    one incident in each of four cells far from it and from each other (47 cells)."""
    settings.PCMT_MAP_PERMUTATIONS = 99
    commune_a, commune_b = mapped
    _incidents(alice, commune_a, CENTRE, 6)
    for cell in h3.grid_ring(CENTRE, 1):
        _incidents(alice, commune_a, cell, 3)
    ring = sorted(h3.grid_ring(CENTRE, 5))
    for index in (0, 8, 15, 23):
        _incidents(bob, commune_b, ring[index], 1)
    return mapped


def test_the_planted_cluster_is_hot_at_99_percent(client, cluster, sam):
    client.force_login(sam)
    body = client.get(reverse("api_map_hexagons"), PERIOD).json()
    assert body["ran"] and body["cells"] == 47 and body["located"] == 28
    cells = {f["properties"]["cell"]: f for f in body["features"]}
    assert cells[CENTRE]["properties"]["count"] == 6
    assert cells[CENTRE]["properties"]["bin"] == 3
    assert cells[CENTRE]["geometry"]["type"] == "Polygon"
    assert len(cells[CENTRE]["geometry"]["coordinates"][0]) == 7
    remote = sorted(h3.grid_ring(CENTRE, 5))[0]
    assert cells[remote]["properties"]["bin"] in (0, 1, 2)
    assert body["method"]["permutations"] == 99


def test_a_commune_officer_counts_only_his_communes_points(client, cluster, alice):
    client.force_login(alice)
    body = client.get(reverse("api_map_hexagons"), PERIOD).json()
    assert body["located"] == 24
    assert not body["ran"] and body["features"] == []


def test_health_users_get_no_hexagons(client, cluster, hana):
    client.force_login(hana)
    assert client.get(reverse("api_map_hexagons"), PERIOD).status_code == 404


def test_fewer_than_30_cells_is_said_and_nothing_runs(client, mapped, alice, sam):
    _incidents(alice, mapped[0], CENTRE, 2)
    client.force_login(sam)
    body = client.get(reverse("api_map_hexagons"), PERIOD).json()
    assert not body["ran"] and body["features"] == []
    assert "30" in body["reason"] and "7" in body["reason"]
    hotspots = client.get(reverse("api_map_hexagons"), {**PERIOD, "points": "hotspots"})
    assert hotspots.status_code == 200 and hotspots.json()["located"] == 0
    assert client.get(reverse("api_map_hexagons"), {**PERIOD, "points": "x"}).status_code == 400


def test_the_api_schema_lists_the_hexagon_route(client, alice):
    client.force_login(alice)
    assert "/api/v1/map/hexagons/" in client.get(reverse("api_schema")).content.decode()


def test_the_page_offers_the_hexagon_layer_to_those_with_place_counts(client, cluster, sam, hana):
    client.force_login(sam)
    page = client.get(reverse("map")).content.decode()
    assert f'data-hexagons-url="{reverse("api_map_hexagons")}"' in page
    assert "lục giác H3" in page and "độ phân giải 8" in page
    assert "chọn theo khoảng cách giữa các điểm" in page
    client.force_login(hana)
    assert 'data-hexagons-url=""' in client.get(reverse("map")).content.decode()
