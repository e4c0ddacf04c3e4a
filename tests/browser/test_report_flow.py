"""A commune's periodic report up to the province: prepare and submit → returned with a
reason → corrected and submitted again → approved → the Excel file and the signed PDF."""

import io
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from pcmt.accounts.models import AgencyKind, DataRole
from pcmt.reports.defaults import templates_install
from pcmt.reports.models import Report, ReportStatus, ReportTemplate
from pcmt.reports.signing import verify_pdf
from tests.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pc04(province):
    """Officer of the provincial drug unit: reviews the communes' reports."""
    return make_user("pc04", province, AgencyKind.PROVINCIAL_DRUG_UNIT, DataRole.OFFICER)


def _login(page, url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/")


def test_a_commune_report_is_returned_corrected_approved_and_downloaded(
    live_server, page, alice, pc04, person_a, settings, tmp_path
):
    settings.PCMT_REPORT_SIGNING_DIR = tmp_path / "signing"
    # A transactional test before this one may have emptied the tables the migrations filled.
    templates_install(ReportTemplate)
    template = ReportTemplate.objects.get(code="drug-periodic")
    url = live_server.url

    # Commune A's officer prepares the first quarter of 2025 and submits it.
    _login(page, url, "alice")
    page.goto(f"{url}/reports/")
    page.select_option("#id_template", str(template.pk))
    page.select_option("#id_period_kind", "quarterly")
    page.fill("#id_year", "2025")
    page.fill("#id_number", "1")
    page.click("#report-prepare button[type=submit]")
    page.wait_for_url(f"{url}/reports/*/")
    report = Report.objects.get()
    expect(page.locator("#report-status")).to_have_text("Đã lập")
    page.click("#report-submit button[type=submit]")
    expect(page.locator("#report-status")).to_have_text("Đã gửi")

    # The provincial drug unit returns it, saying why.
    _login(page, url, "pc04")
    page.goto(f"{url}/reports/{report.pk}/")
    page.fill("#report-return #id_reason", "Thiếu số liệu tụ điểm")
    page.click("#report-return button[type=submit]")
    expect(page.locator("#report-status")).to_have_text("Đã trả lại để chỉnh sửa")
    expect(page.locator("#timeline")).to_contain_text("Thiếu số liệu tụ điểm")

    # The commune corrects and submits a second version.
    _login(page, url, "alice")
    page.goto(f"{url}/reports/{report.pk}/")
    page.fill("#report-submit #id_note", "Đã bổ sung")
    page.click("#report-submit button[type=submit]")
    expect(page.locator("#versions tbody tr")).to_have_count(2)

    # The province approves it.
    _login(page, url, "pc04")
    page.goto(f"{url}/reports/{report.pk}/")
    page.click("#report-approve button[type=submit]")
    expect(page.locator("#report-status")).to_have_text("Đã phê duyệt")
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED

    # Both files download: the Excel file opens, the PDF's signature verifies.
    with page.expect_download() as xlsx:
        page.click("a[href$='/xlsx/']")
    workbook = openpyxl.load_workbook(io.BytesIO(Path(xlsx.value.path()).read_bytes()))
    assert workbook.active is not None
    with page.expect_download() as pdf:
        page.click("a[href$='/pdf/']")
    data = Path(pdf.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    # Playwright's event loop runs in this thread: the check works here all the same.
    assert verify_pdf(data).code == "authentic"
