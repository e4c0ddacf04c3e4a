"""Masked numbers revealed with a reason, in place, under the strict CSP; break-the-glass."""

import pytest
from playwright.sync_api import expect

from pcmt.audit.models import Event
from pcmt.persons.models import PERSON_STREAM, READ_ACTION
from tests.browser.conftest import menu_click
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def test_an_officer_reveals_the_id_with_a_reason(live_server, page, alice, person_a, tmp_path):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _login(page, live_server, "alice")
    page.goto(f"{live_server.url}/persons/{person_a.pk}/")
    expect(page.locator("#secret-id-number")).to_have_text("••••••••2345")
    page.click("#reveal")
    expect(page.locator("#reveal-form")).to_be_visible()
    assert page.url.endswith(f"/persons/{person_a.pk}/")  # in place, no navigation
    page.select_option("#id_reason", "contact")
    page.fill("#id_detail", "Gọi điện triệu tập")
    page.click("#reveal-submit")
    expect(page.locator("#secret-id-number")).to_have_text("001088012345")
    expect(page.locator("#secret-phone")).to_have_text("0912345678")
    page.screenshot(path=str(tmp_path / "revealed.png"), full_page=True)
    event = Event.objects.of(PERSON_STREAM, person_a.pk).get(
        action=READ_ACTION, changes__has_key="revealed"
    )
    assert event.note == "Gọi điện triệu tập"
    assert not [e for e in errors if "Content Security Policy" in e]


def test_an_officer_changes_a_revealed_phone_on_the_edit_page(live_server, page, alice, person_a):
    _login(page, live_server, "alice")
    page.goto(f"{live_server.url}/persons/{person_a.pk}/edit/")
    assert page.locator("#id_phone").count() == 0  # masked until revealed
    page.click("#reveal")
    page.select_option("#id_reason", "record_correction")
    page.fill("#id_detail", "Số điện thoại mới")
    page.click("#reveal-submit")
    expect(page.locator("#id_phone")).to_have_value("0912345678")
    page.fill("#id_phone", "0987654321")
    page.click("button.primary[type=submit]")
    page.wait_for_url(f"{live_server.url}/persons/{person_a.pk}/")
    expect(page.locator("#secret-phone")).to_have_text("••••••4321")


def test_an_officer_breaks_the_glass(live_server, page, bob, sam, person_a):
    _login(page, live_server, "bob")
    page.goto(f"{live_server.url}/security/emergency/")
    page.fill("#id_number", str(person_a.pk))
    page.select_option("#id_reason", "arrest")
    page.fill("#id_detail", "Bắt quả tang tại phường Ngọc Hà")
    page.click("#emergency-submit")
    page.wait_for_url(f"{live_server.url}/persons/{person_a.pk}/")
    expect(page.locator("h1")).to_have_text(person_a.full_name)
    assert page.locator("#edit-person").count() == 0


def test_the_supervisor_reviews_and_the_security_officer_sees_it(
    live_server, page, bob, sam, person_a, province
):
    from pcmt.accounts.models import AgencyKind, DataRole
    from pcmt.security.emergency import emergency_access_open
    from pcmt.security.models import SecurityOfficer
    from tests.conftest import make_user

    sol = make_user("sol", province, AgencyKind.PROVINCIAL_DRUG_UNIT, DataRole.NONE)
    SecurityOfficer.objects.create(user=sol)
    grant = emergency_access_open(
        actor=bob, number=person_a.pk, reason="health", detail="Sốc thuốc, cần tiền sử"
    )
    _login(page, live_server, "sam")
    menu_click(page, "emergency-review")
    row = page.locator(f"#grant-{grant.pk}")
    expect(row).to_contain_text("Sốc thuốc, cần tiền sử")
    row.locator("input[name=note]").fill("Đã xác minh với bệnh viện")
    row.locator("button[type=submit]").click()
    expect(page.locator(f"#grant-{grant.pk}")).to_have_count(0)

    page.context.clear_cookies()
    _login(page, live_server, "sol")
    menu_click(page, "unusual-access")
    emergency = page.locator("#unusual-rows tr.emergency")
    expect(emergency).to_contain_text("đã được sam rà soát: Đã xác minh với bệnh viện")
    with page.expect_download() as download:
        page.click("#unusual-export")
    assert download.value.suggested_filename.endswith(".xlsx")
