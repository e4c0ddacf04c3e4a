"""The small map of a place form: a click inside the commune's outline fills the point."""

import pytest
from playwright.sync_api import expect

from pcmt.geo.boundaries import boundaries_load
from pcmt.places.models import Hotspot
from tests.conftest import PASSWORD
from tests.geo.test_boundaries import square, write_province

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_click_on_the_small_map_fills_the_point(live_server, page, alice, commune_a, tmp_path):
    write_province(tmp_path, "01", {"00004": square(105.80, 21.00, 0.01)})
    boundaries_load(provinces=["01"], directory=tmp_path)
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/hotspots/new/")
    page.select_option("#id_commune", str(commune_a.pk))
    expect(
        page.locator("#location-map path.leaflet-interactive, #location-map path")
    ).to_have_count(1)
    page.locator("#location-map").click()  # the middle of the map: inside the outline
    expect(page.locator("#id_latitude")).not_to_have_value("")
    latitude = float(page.input_value("#id_latitude"))
    longitude = float(page.input_value("#id_longitude"))
    assert 21.00 < latitude < 21.01 and 105.80 < longitude < 105.81

    page.fill("#id_name", "Bãi đất trống")
    page.select_option("#id_kind", "gathering")
    page.fill("#id_discovered_on", "01/02/2024")
    page.click("#place-form button[type=submit]")
    expect(page.locator("#location-point")).to_contain_text("21,00")
    assert Hotspot.objects.get().latitude is not None


def test_the_assessment_form_shows_the_criteria_of_the_unit_chosen(
    live_server, page, alice, commune_a
):
    from pcmt.core.text import fold
    from pcmt.geo.models import Village, VillageKind

    group = Village.objects.create(
        commune=commune_a,
        name="Tổ dân phố 1",
        name_folded=fold("Tổ dân phố 1"),
        kind=VillageKind.RESIDENTIAL_GROUP,
    )
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/drug-free-assessments/new/")
    expect(page.locator("#id_criterion_TC6")).to_be_visible()
    expect(page.locator("#id_criterion_TC5")).to_be_hidden()
    page.select_option("#id_village", str(group.pk))
    expect(page.locator("#id_criterion_TC5")).to_be_visible()
    expect(page.locator("#id_criterion_TC6")).to_be_hidden()
