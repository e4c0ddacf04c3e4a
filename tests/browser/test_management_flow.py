"""Positive test → management decision → the deadline leaves the worklist, in Chromium."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pcmt.casework.models import ManagementStatus, UserManagement
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_records_a_positive_test_and_issues_the_decision(
    live_server, page, alice, register
):
    person = register(full_name="Triệu Văn Khánh", birth_year=1994)
    today = timezone.localdate().strftime("%d/%m/%Y")

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator("#worklist")).not_to_contain_text("Triệu Văn Khánh")

    page.goto(f"{live_server.url}/persons/{person.pk}/")
    page.click("#add-test summary")
    page.fill("#add-test [name=tested_on]", today)
    page.fill("#add-test [name=place]", "Trụ sở Công an phường")
    page.select_option("#add-test [name=result]", "positive")
    page.fill("#add-test [name=substances]", "Methamphetamine")
    page.fill("#add-test [name=tested_by]", "Cán bộ Nguyễn Văn A")
    page.click("#add-test button[type=submit]")
    expect(page.locator("#managements")).to_contain_text("Chờ quyết định của Chủ tịch UBND")

    page.goto(f"{live_server.url}/")
    expect(page.locator("#worklist-decisions-due")).to_contain_text("Triệu Văn Khánh")

    page.click("#worklist-decisions-due a:has-text('Triệu Văn Khánh')")
    page.click("#managements summary")
    page.fill("#decision-form [name=number]", "15/QĐ-UBND")
    page.fill("#decision-form [name=decision_date]", today)
    page.fill("#decision-form [name=signer]", "Chủ tịch UBND phường")
    page.click("#decision-form button[type=submit]")
    expect(page.locator("#managements")).to_contain_text("Đang quản lý")
    expect(page.locator("#timeline")).to_contain_text("15/QĐ-UBND")

    page.goto(f"{live_server.url}/")
    expect(page.locator("#worklist")).not_to_contain_text("Triệu Văn Khánh")
    management = UserManagement.objects.get(person=person)
    assert management.status == ManagementStatus.ACTIVE
    assert management.decision_number == "15/QĐ-UBND"
