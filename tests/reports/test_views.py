"""Report pages by persona: alice (commune A officer) prepares and submits, bob (commune B)
does not see hers, pc04 (provincial drug unit) reviews, hana (health) and olga (outsider)
have no access."""

import io
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from pcmt.reports.models import Report, ReportStatus


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def report(make_report: Any, person_a: Any) -> Report:
    return make_report()


def test_alice_prepares_her_communes_report(alice: Any, drug_template: Any) -> None:
    response = _client(alice).post(
        reverse("report_list"),
        {"template": drug_template.pk, "period_kind": "quarterly", "year": 2025, "number": 2},
    )
    report = Report.objects.get()
    assert response.status_code == 302
    assert report.unit == alice.agency.unit and report.status == ReportStatus.PREPARED


def test_an_impossible_period_is_a_form_error(alice: Any, drug_template: Any) -> None:
    response = _client(alice).post(
        reverse("report_list"),
        {"template": drug_template.pk, "period_kind": "quarterly", "year": 2025, "number": 7},
    )
    assert response.status_code == 200
    assert not Report.objects.exists()
    assert response.context["form"].errors


@pytest.mark.parametrize("persona", ["hana", "olga"])
def test_health_and_outsiders_have_no_reports(persona: str, request: Any, report: Report) -> None:
    client = _client(request.getfixturevalue(persona))
    assert client.get(reverse("report_list")).status_code == 404
    assert client.get(reverse("report_detail", args=[report.pk])).status_code == 404


def test_bob_does_not_see_commune_as_report(bob: Any, report: Report) -> None:
    client = _client(bob)
    assert client.get(reverse("report_detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("report_xlsx", args=[report.pk])).status_code == 404
    assert client.post(reverse("report_submit", args=[report.pk])).status_code == 404
    assert report.pk not in [
        r.pk for r in _client(bob).get(reverse("report_list")).context["reports"]
    ]


def test_submit_then_review_through_the_pages(
    alice: Any, pc04: Any, sam: Any, report: Report
) -> None:
    page = _client(alice).get(reverse("report_detail", args=[report.pk]))
    assert page.status_code == 200 and page.context["may_submit"]
    assert _client(alice).post(reverse("report_submit", args=[report.pk])).status_code == 302
    # A supervisor reads, but does not review.
    assert _client(sam).get(reverse("report_detail", args=[report.pk])).status_code == 200
    assert _client(sam).post(reverse("report_approve", args=[report.pk])).status_code == 404
    # Returning needs a reason.
    _client(pc04).post(reverse("report_return", args=[report.pk]), {"reason": ""})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    _client(pc04).post(reverse("report_return", args=[report.pk]), {"reason": "Sai số liệu"})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    _client(alice).post(reverse("report_submit", args=[report.pk]), {"note": "Đã sửa"})
    compare = _client(pc04).get(reverse("report_compare", args=[report.pk]) + "?a=1&b=2")
    assert compare.status_code == 200
    assert (
        _client(pc04).get(reverse("report_compare", args=[report.pk]) + "?a=1&b=9").status_code
        == 404
    )
    assert _client(pc04).post(reverse("report_approve", args=[report.pk])).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED


def test_province_page_lists_missing_communes(
    pc04: Any, make_report: Any, alice: Any, bob: Any
) -> None:
    make_report()  # commune A prepared, not submitted; commune B has nothing
    province_report = make_report(actor=pc04)
    page = _client(pc04).get(reverse("report_detail", args=[province_report.pk]))
    assert page.status_code == 200
    found = {c.commune.name: c for c in page.context["communes"]}
    assert set(found) == {"Ba Đình", "Ngọc Hà"}
    assert found["Ngọc Hà"].report is None and found["Ngọc Hà"].late
    assert found["Ba Đình"].report is not None and not found["Ba Đình"].approved
    assert "Chưa có" in page.content.decode()


def test_excel_has_the_official_header_and_formulas(alice: Any, report: Report) -> None:
    report.number = "15"
    report.signer = "Nguyễn Văn An"
    report.save()
    response = _client(alice).get(reverse("report_xlsx", args=[report.pk]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["C1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert sheet["C2"].value == "Độc lập - Tự do - Hạnh phúc"
    assert sheet["A3"].value == "Số: 15/BC"
    assert "ngày" in sheet["C3"].value and sheet["A5"].value == "BÁO CÁO QUÝ"
    labels = {sheet.cell(r, 2).value: r for r in range(10, sheet.max_row + 1)}
    users = labels["Người sử dụng trái phép chất ma túy"]
    total = labels["Tổng số người có hồ sơ"]
    assert sheet.cell(users, 3).value == 1
    assert sheet.cell(users, 5).value == f"=C{users}-D{users}"
    assert sheet.cell(total, 3).value == "=" + "+".join(f"C{users + i}" for i in range(4))
    assert "Nguyễn Văn An" in [sheet.cell(r, 4).value for r in range(total, sheet.max_row + 1)]


def test_excel_keeps_a_formula_like_label_as_text(alice: Any, report: Report) -> None:
    template = report.template
    template.layout["sections"][0]["rows"][0]["label"] = '=HYPERLINK("x")'
    template.save()
    sheet = openpyxl.load_workbook(
        io.BytesIO(_client(alice).get(reverse("report_xlsx", args=[report.pk])).content)
    ).active
    cell = next(sheet.cell(r, 2) for r in range(10, 20) if sheet.cell(r, 1).value == "1")
    assert cell.data_type == "s" and cell.quotePrefix


def test_pdf_is_served(alice: Any, report: Report) -> None:
    response = _client(alice).get(reverse("report_pdf", args=[report.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
