"""A commune officer registers a hotspot with a point, eliminates it, finds its
re-verification on the home worklist once due, and records it, in Chromium."""

import pytest
from playwright.sync_api import expect

from pcmt.places.models import Hotspot
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_eliminated_hotspot_comes_back_on_the_worklist_for_re_verification(
    live_server, page, alice, commune_a
):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/hotspots/new/")
    page.select_option("#id_commune", str(commune_a.pk))
    page.fill("#id_name", "Gầm cầu khu 7")
    page.select_option("#id_kind", "gathering")
    page.fill("#id_discovered_on", "01/01/2025")
    page.fill("#id_latitude", "21.035")
    page.fill("#id_longitude", "105.83")
    page.click("#place-form button[type=submit]")
    expect(page.locator("#hotspot-status")).to_contain_text("đã phát hiện")

    # Eliminated on 1/6/2025: the quarterly re-verification fell due on 1/9/2025.
    page.fill("#hotspot_eliminate [name=eliminated_on]", "01/06/2025")
    page.fill("#hotspot_eliminate [name=measures]", "Giải tỏa, lắp camera")
    page.click("#hotspot_eliminate button[type=submit]")
    expect(page.locator("#hotspot-status")).to_contain_text("đã triệt xóa")
    expect(page.locator("#reverify-due")).to_contain_text("01/09/2025")
    expect(page.locator("#timeline")).to_contain_text("triệt xóa điểm, tụ điểm")

    page.goto(f"{live_server.url}/")
    section = page.locator("#worklist-hotspot_reverifications")
    expect(section).to_contain_text("Gầm cầu khu 7")
    expect(section).to_contain_text("Quá hạn kiểm tra lại")
    section.get_by_role("link", name="Gầm cầu khu 7").click()

    page.fill("#hotspot_reverify [name=verified_on]", "02/09/2025")
    page.select_option("#hotspot_reverify [name=finding]", "clean")
    page.click("#hotspot_reverify button[type=submit]")
    expect(page.locator("#reverification-list")).to_contain_text("vẫn ổn định")
    expect(page.locator("#timeline")).to_contain_text("kiểm tra lại điểm, tụ điểm")
    assert Hotspot.objects.get().reverify_due_on.isoformat() == "2025-12-02"

    page.goto(f"{live_server.url}/")
    expect(page.locator("#worklist-hotspot_reverifications")).to_contain_text("Gầm cầu khu 7")
