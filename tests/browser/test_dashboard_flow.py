"""An officer opens the plan targets dashboard, sees a target's status, and drills down from
the number to the persons behind it, in Chromium."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from pcmt.accounts.models import AgencyKind, DataRole
from pcmt.persons.services import person_category_add
from pcmt.plans.models import TargetUnit
from pcmt.plans.services import plan_create, target_add
from tests.browser.conftest import menu_click
from tests.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_drills_down_from_a_target_to_the_persons(
    live_server, page, alice, province, commune_a, register
):
    pc04 = make_user("pc04", province, AgencyKind.PROVINCIAL_DRUG_UNIT, DataRole.OFFICER)
    plan = plan_create(
        actor=pc04,
        unit=province,
        number="45/KH-UBND",
        issued_on=datetime.date(2024, 2, 2),
        issuer="UBND thành phố",
        title="Kế hoạch phòng, chống ma túy",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
    )
    target = target_add(
        actor=pc04,
        plan=plan,
        indicator="post_rehab_managed",
        comparison="gte",
        value=Decimal(1),
        applies_to=TargetUnit.EACH_COMMUNE,
    )
    person = register(full_name="Nguyễn Văn Sau Cai")
    person_category_add(
        actor=alice, person=person, category="post_rehab", start_date=datetime.date(2024, 5, 1)
    )

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    menu_click(page, "dashboard")
    page.fill("#id_year", "2024")
    page.click("#dashboard-form button")
    row = page.locator(f"#target-{target.pk}")
    expect(row).to_contain_text("Người được quản lý sau cai nghiện tại nơi cư trú")
    expect(row.locator(".status")).to_have_text("đạt")
    expect(row.locator(".actual")).to_have_text("1")
    expect(page.locator("#status-rules")).to_contain_text("Cách xác định trạng thái")

    row.locator("a.drill-numerator").click()
    expect(page.locator("h1")).to_have_text("Hồ sơ sau con số")
    expect(page.locator("#drill-records")).to_contain_text("Nguyễn Văn Sau Cai")
    page.locator("#drill-records a", has_text="Nguyễn Văn Sau Cai").click()
    expect(page.locator("h1")).to_contain_text("Nguyễn Văn Sau Cai")
