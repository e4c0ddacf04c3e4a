"""The map in Chromium: outlines, legend, markers, a popup, and no request leaving the server."""

import datetime
import json
import re
from urllib.parse import urlparse

import pytest
from PIL import Image
from playwright.sync_api import expect

from pcmt.geo.models import UnitNeighbour
from pcmt.places.models import HotspotKind, HotspotSeverity
from pcmt.places.services import HotspotInput, hotspot_create
from tests.browser.conftest import menu_click
from tests.conftest import PASSWORD
from tests.maps.conftest import outline
from tests.worker import run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_province_map_draws_communes_legend_markers_and_popup(
    live_server, page, sam, alice, person_a, commune_a, commune_b
):
    outline(commune_a, 105.80, 21.00)
    outline(commune_b, 105.82, 21.00)
    UnitNeighbour.objects.create(unit=commune_a, neighbour=commune_b)
    UnitNeighbour.objects.create(unit=commune_b, neighbour=commune_a)
    hotspot_create(
        actor=alice,
        data=HotspotInput(
            commune=commune_a,
            name="Bãi đất trống ven sông",
            kind=HotspotKind.ORGANISED_USE,
            severity=HotspotSeverity.SEVERE,
            discovered_on=datetime.date(2025, 2, 1),
            latitude=21.01,  # type: ignore[arg-type]
            longitude=105.81,  # type: ignore[arg-type]
        ),
    )
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).hostname or ""))

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "sam")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    menu_click(page, "map")
    expect(page.locator("#map[data-ready='1']")).to_have_count(1)

    expect(page.locator("#map path.leaflet-interactive:not(.hotspot-marker)")).to_have_count(2)
    expect(page.locator("#map .hotspot-marker")).to_have_count(1)
    expect(page.locator("#map-legend")).to_contain_text("Người đang quản lý")
    expect(page.locator("#legend-scheme")).to_contain_text("Phân vị")
    expect(page.locator("#legend-classes li")).not_to_have_count(0)

    page.locator("#map").scroll_into_view_if_needed()
    commune = page.locator("#map path.leaflet-interactive:not(.hotspot-marker)").first
    box = commune.bounding_box()
    assert box is not None
    # Commune A is drawn first; click inside it, away from the marker at its centre.
    page.mouse.click(box["x"] + box["width"] * 0.15, box["y"] + box["height"] * 0.3)
    expect(page.locator(".leaflet-popup-content")).to_contain_text("Ba Đình")
    expect(page.locator(".leaflet-popup-content")).to_contain_text("Người đang quản lý")

    page.click(".leaflet-popup-close-button")
    expect(page.locator(".leaflet-popup")).to_have_count(0)
    # Closing the popup may pan the map back; the cluster layer redraws its markers when the
    # move ends, so a click during the redraw can land on a marker being replaced: try again.
    for _attempt in range(3):
        page.locator("#map .hotspot-marker").click()
        if page.locator(".leaflet-popup").count():
            break
        page.wait_for_timeout(500)
    expect(page.locator(".leaflet-popup")).to_have_count(1)
    expect(page.locator(".leaflet-popup-content a")).to_have_attribute(
        "href", re.compile(r"^/hotspots/\d+/$")
    )
    expect(page.locator("#legend-markers-hotspots li")).to_have_count(1)

    page.get_by_label("Phân tích điểm nóng (Gi*)").check()
    expect(page.locator("#legend-method")).to_contain_text("Getis-Ord Gi*")
    expect(page.locator("#analysis-reason")).to_contain_text("30")

    # The map as shown, as a PNG for a report: communes, the severe hotspot's red, the legend.
    with page.expect_download() as download:
        page.click("#map-export-png")
    png = Image.open(download.value.path()).convert("RGB")
    assert png.width > 600 and png.height > 300
    colours = set(png.getdata())
    assert (192, 0, 0) in colours  # the severe hotspot's fill
    assert len(colours) > 50  # more than a blank page and a few lines

    assert hosts <= {"127.0.0.1", "localhost"}, json.dumps(sorted(hosts))


def test_the_map_is_usable_at_phone_width(live_server, page, alice, commune_a, commune_b):
    outline(commune_a, 105.80, 21.00)
    outline(commune_b, 105.82, 21.00)
    UnitNeighbour.objects.create(unit=commune_a, neighbour=commune_b)
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/map/")
    expect(page.locator("#map[data-ready='1']")).to_have_count(1)
    # His commune filled, the neighbour as an outline only.
    expect(page.locator("#map path.leaflet-interactive")).to_have_count(2)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400
    expect(page.locator("#map-legend")).to_be_visible()


def test_without_outlines_the_map_says_so(live_server, page, alice):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/map/")
    expect(page.locator("#map-no-outlines")).to_contain_text("Chưa có ranh giới xã")
    expect(page.locator("#map-legend")).to_contain_text("Người đang quản lý")


def test_the_place_layers_density_emerging_layer_and_slider(
    live_server, page, sam, alice, commune_a, commune_b, monkeypatch
):
    from django.utils import timezone

    from pcmt.places.models import IncidentKind
    from pcmt.places.services import IncidentInput, incident_create

    outline(commune_a, 105.80, 21.00)
    outline(commune_b, 105.82, 21.00)
    UnitNeighbour.objects.create(unit=commune_a, neighbour=commune_b)
    UnitNeighbour.objects.create(unit=commune_b, neighbour=commune_a)
    incident_create(
        actor=alice,
        data=IncidentInput(
            commune=commune_a,
            summary="Bắt quả tang mua bán",
            kind=IncidentKind.ARREST,
            occurred_on=timezone.localdate(),
            latitude=21.012,  # type: ignore[arg-type]
            longitude=105.805,  # type: ignore[arg-type]
        ),
    )
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).hostname or ""))
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "sam")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/map/")
    expect(page.locator("#map[data-ready='1']")).to_have_count(1)
    expect(page.locator("#map .incident-marker")).to_have_count(1)
    expect(page.locator("#legend-markers-incidents li")).to_have_count(1)

    page.get_by_label("Mật độ vụ việc (hàm nhân)").check()
    expect(page.locator("#legend-heat li")).to_have_count(5)

    # The emerging analysis runs as a background job: a progress bar polls until it ends.
    page.get_by_label("Điểm nóng theo thời gian (12 quý)").check()
    expect(page.locator("#map-job .map-job[data-status='queued'] progress")).to_have_count(1)
    expect(page.locator("#map-job")).to_contain_text("Phân tích điểm nóng theo thời gian, chạy nền")
    run_worker()  # the task worker (its signal handlers need the main thread)
    expect(page.locator("#map-job .map-job[data-status='done']")).to_have_count(1)
    expect(page.locator("#map-job a.map-job-csv")).to_have_attribute(
        "href", re.compile(r"^/api/v1/map/jobs/\d+/\?file=csv$")
    )
    expect(page.locator("#emerging-reason")).to_contain_text("30")
    expect(page.locator("#legend-emerging-method")).to_contain_text("Mann-Kendall")

    # Gi* over hexagons of more located points than a request computes: a background job too.
    from pcmt.maps import selectors

    monkeypatch.setattr(selectors, "HEX_IN_REQUEST_POINTS", 0)
    page.get_by_label("Phân tích điểm nóng của vụ việc có tọa độ (ô lục giác H3)").check()
    expect(page.locator("#map-job")).to_contain_text("Phân tích điểm nóng của các điểm có tọa độ")
    expect(page.locator("#analysis-reason")).to_contain_text("tác vụ nền")
    run_worker()
    expect(page.locator("#map-job .map-job[data-status='done']")).to_have_count(1)
    expect(page.locator("#analysis-reason")).to_contain_text("30 ô lục giác")

    page.locator("#map-slider-range").fill("0")
    expect(page.locator("#map-slider-label")).to_contain_text("Q")
    expect(page.locator("#id_period")).to_have_value("quarter")
    expect(page.locator("#map .incident-marker")).to_have_count(0)  # eleven quarters ago
    assert hosts <= {"127.0.0.1", "localhost"}, json.dumps(sorted(hosts))
