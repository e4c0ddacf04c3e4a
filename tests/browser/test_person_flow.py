"""Log in → search → open a person → edit → see the change in the event log, in Chromium."""

import pytest
from playwright.sync_api import expect

from pcmt.persons.models import EventAction
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_finds_edits_and_sees_the_event(
    live_server, page, alice, register, bob, tmp_path
):
    person = register(
        full_name="Nguyễn Văn Hùng",
        birth_year=1990,
        occupation="Thợ xây",
        id_number="001090012345",
    )
    register(full_name="Trần Văn Bình", birth_year=1985)
    register(actor=bob, full_name="Nguyễn Văn Hưng", birth_year=1991)  # another commune

    page.goto(f"{live_server.url}/login/")
    assert page.locator("h1").inner_text() == "Hệ thống quản lý dữ liệu phòng, chống ma túy"
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/persons/")
    expect(page.locator("#results tbody a")).to_have_count(2)  # alice's two persons
    page.fill("#id_q", "nguyen van hung")  # no diacritics: htmx searches as one types
    # bob's "Hưng" is outside alice's commune, "Trần Văn Bình" does not match
    expect(page.locator("#results tbody a")).to_have_text(["Nguyễn Văn Hùng"])
    assert "q=nguyen%20van%20hung" in page.url  # the search survives a reload

    # A number is looked up in the body of a POST: found, and never in the address.
    page.fill("#id_q", "001090012345")
    expect(page.locator("#results tbody a")).to_have_text(["Nguyễn Văn Hùng"])
    assert "001090012345" not in page.url
    page.fill("#id_q", "nguyen van hung")
    expect(page.locator("#results tbody a")).to_have_text(["Nguyễn Văn Hùng"])

    page.click("#results a:has-text('Nguyễn Văn Hùng')")
    page.wait_for_url(f"{live_server.url}/persons/{person.pk}/")
    page.click("#edit-person")
    page.fill("#id_occupation", "Lái xe")
    page.fill("#id_birth_date", "31/02/1990")  # impossible date: a clear error, nothing lost
    page.click("button.primary")
    assert "dd/mm/yyyy" in page.locator("#field-birth_date .error").inner_text()
    assert page.input_value("#id_occupation") == "Lái xe"

    page.fill("#id_birth_date", "15/08/1990")
    page.click("button.primary")
    page.wait_for_url(f"{live_server.url}/persons/{person.pk}/")
    timeline = page.locator("#timeline").inner_text()
    assert "Lái xe" in timeline and "Thợ xây" in timeline
    assert "15/08/1990" in page.locator("dl.facts").first.inner_text()
    page.screenshot(path=str(tmp_path / "person.png"), full_page=True)

    event = person.events.get(action=EventAction.UPDATED)
    assert event.actor == alice
    assert event.changes["occupation"] == ["Thợ xây", "Lái xe"]
