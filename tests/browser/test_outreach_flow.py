"""A commune officer records an outreach activity at a school of his commune, and the schools'
coverage on the dashboard moves on the next load, in Chromium."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pcmt.accounts.models import AgencyKind, DataRole
from pcmt.outreach.models import OutreachActivity, SchoolLevel
from pcmt.outreach.services import school_add
from pcmt.plans.models import TargetUnit
from pcmt.plans.services import plan_create, target_add
from tests.browser.conftest import menu_click
from tests.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_records_outreach_and_the_coverage_moves(
    live_server, page, alice, province, commune_a
):
    today = timezone.localdate()
    pc04 = make_user("pc04", province, AgencyKind.PROVINCIAL_DRUG_UNIT, DataRole.OFFICER)
    plan = plan_create(
        actor=pc04,
        unit=province,
        number="45/KH-UBND",
        issued_on=datetime.date(today.year, 1, 1),
        issuer="UBND thành phố",
        title="Kế hoạch phòng, chống ma túy",
        period_start=datetime.date(today.year, 1, 1),
        period_end=datetime.date(today.year, 12, 31),
    )
    target = target_add(
        actor=pc04,
        plan=plan,
        indicator="outreach_schools",
        comparison="gte",
        value=Decimal(100),
        applies_to=TargetUnit.EACH_COMMUNE,
    )
    school = school_add(
        actor=alice, commune=commune_a, name="THCS Nguyễn Du", level=SchoolLevel.LOWER_SECONDARY
    )

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    # Before: the commune's one school has not been reached this year.
    menu_click(page, "dashboard")
    row = page.locator(f"#target-{target.pk}")
    expect(row).to_contain_text("Trường học được tuyên truyền")
    expect(row.locator(".actual")).to_have_text(re.compile(r"^0([.,]0+)? %$"))

    menu_click(page, "outreach")
    page.click("text=Thêm hoạt động tuyên truyền")
    page.select_option("#id_commune", str(commune_a.pk))
    page.fill("#id_held_on", today.strftime("%d/%m/%Y"))
    page.fill("#id_organiser", "Công an phường Ba Đình")
    page.fill("#id_audience", "350")
    page.check("input[name=topics][value=e_cigarettes]")
    page.check("input[name=topics][value=laughing_gas]")
    page.select_option("#id_schools", str(school.pk))
    page.click("#outreach-form button[type=submit]")
    expect(page.locator("#outreach-detail")).to_contain_text("THCS Nguyễn Du")
    assert OutreachActivity.objects.filter(commune=commune_a, audience=350).count() == 1

    # After: the next load of the dashboard counts the school reached.
    menu_click(page, "dashboard")
    row = page.locator(f"#target-{target.pk}")
    expect(row.locator(".actual")).to_have_text(re.compile(r"^100([.,]0+)? %$"))
    expect(row.locator(".status")).to_have_text("đạt")
