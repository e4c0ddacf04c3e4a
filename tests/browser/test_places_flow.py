"""Register a business and a hotspot tied to it with a point, inspect, eliminate; the counts
as of a past day still show the tie, in Chromium."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pcmt.places.models import Business, Hotspot
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_registers_places_and_the_counts_follow_the_history(
    live_server, page, alice, commune_a
):
    today = timezone.localdate().strftime("%d/%m/%Y")
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/businesses/new/")
    page.select_option("#id_commune", str(commune_a.pk))
    page.fill("#id_name", "Karaoke Hoa Hồng")
    page.select_option("#id_kind", "karaoke")
    page.fill("#id_opened_on", "01/05/2022")
    page.fill("#id_latitude", "21.035")
    page.fill("#id_longitude", "105.83")
    page.click("#place-form button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Karaoke Hoa Hồng")
    business = Business.objects.get()

    page.fill("#business_inspect [name=inspected_on]", "01/03/2024")
    page.fill("#business_inspect [name=team]", "Tổ công tác phường")
    page.check("#business_inspect [name=drug_use_found]")
    page.click("#business_inspect button[type=submit]")
    expect(page.locator("#inspections")).to_contain_text("Tổ công tác phường")

    page.goto(f"{live_server.url}/hotspots/new/")
    page.select_option("#id_commune", str(commune_a.pk))
    page.fill("#id_name", "Phòng hát VIP")
    page.select_option("#id_kind", "organised_use")
    page.fill("#id_discovered_on", "01/01/2025")
    page.select_option("#id_business", str(business.pk))
    page.fill("#id_latitude", "21.035")
    page.fill("#id_longitude", "105.83")
    page.click("#place-form button[type=submit]")
    expect(page.locator("#hotspot-status")).to_contain_text("đã phát hiện")

    page.fill("#hotspot_eliminate [name=eliminated_on]", today)
    page.click("#hotspot_eliminate button[type=submit]")
    expect(page.locator("#hotspot-status")).to_contain_text("đã triệt xóa")
    expect(page.locator("#timeline")).to_contain_text("triệt xóa điểm, tụ điểm")
    assert Hotspot.objects.get().business == business

    page.goto(f"{live_server.url}/places/counts/?on=31/12/2025")
    expect(page.locator("#tied-to-entertainment")).to_have_text("1")
    page.goto(f"{live_server.url}/places/counts/?on={today}")
    expect(page.locator("#tied-to-entertainment")).to_have_text("0")
