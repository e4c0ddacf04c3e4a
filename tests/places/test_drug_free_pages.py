"""Pages, API and spreadsheets of drug-free assessments."""

import datetime
import io

from django.urls import reverse

from pcmt.core.tabular import open_table, write_xlsx
from pcmt.places.models import DrugFreeAssessment, DrugFreeResult
from pcmt.places.services import CriterionResult, DrugFreeAssessmentInput, drug_free_assess
from pcmt.places.spreadsheets import registry_import

D = datetime.date
COMMUNE_CODES = ["TC1", "TC2", "TC3", "TC4", "TC6", "TC7"]


def _form(commune, **overrides):
    data = {
        "commune": commune.pk,
        "assessed_on": "01/11/2025",
        "assessor": "Công an phường Ba Đình",
        "result": DrugFreeResult.RECOGNISED,
    }
    for code in COMMUNE_CODES:
        data[f"criterion_{code}"] = "on"
        data[f"evidence_{code}"] = f"Biên bản {code}"
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_form_shows_each_criterion_in_vietnamese(client, alice):
    client.force_login(alice)
    page = client.get(reverse("drug_free_assessment_create"), HTTP_ACCEPT_LANGUAGE="vi")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="criterion_TC1"' in html and 'name="evidence_TC5"' in html
    assert "Áp dụng cho: thôn, tổ dân phố" in html
    assert "Ghi kết quả đánh giá không ma túy" in html


def test_an_unmet_criterion_with_a_drug_free_result_is_a_field_error(client, alice, commune_a):
    client.force_login(alice)
    data = _form(commune_a, criterion_TC2=None)
    page = client.post(reverse("drug_free_assessment_create"), data, HTTP_ACCEPT_LANGUAGE="vi")
    assert page.status_code == 200
    assert "Đơn vị không đạt các tiêu chí TC2" in page.content.decode()
    assert not DrugFreeAssessment.objects.exists()


def test_an_officer_records_an_assessment_then_its_recognition(client, alice, commune_a):
    client.force_login(alice)
    saved = client.post(reverse("drug_free_assessment_create"), _form(commune_a))
    assessment = DrugFreeAssessment.objects.get()
    assert saved.url == reverse("drug_free_assessment_detail", args=[assessment.pk])
    assert assessment.checks.get(code="TC6").evidence == "Biên bản TC6"
    page = client.get(saved.url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "chờ quyết định công nhận" in page and "Biên bản TC7" in page
    recognised = client.post(
        reverse("drug_free_assessment_recognise", args=[assessment.pk]),
        {"decision_number": "88/QĐ-UBND", "recognised_on": "15/12/2025"},
    )
    assert recognised.status_code == 302
    page = client.get(saved.url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "88/QĐ-UBND" in page and "15/12/2025" in page
    assert 'id="recognition-timeline"' in page


def test_the_edit_form_starts_from_the_criteria_as_assessed(client, alice, commune_a):
    checks = {c: CriterionResult(c != "TC4", "ghi chép") for c in COMMUNE_CODES}
    assessment = drug_free_assess(
        actor=alice,
        data=DrugFreeAssessmentInput(
            commune=commune_a,
            assessed_on=D(2025, 11, 1),
            assessor="Tổ công tác",
            result=DrugFreeResult.NOT_RECOGNISED,
            checks=checks,
        ),
    )
    client.force_login(alice)
    form = client.get(reverse("drug_free_assessment_edit", args=[assessment.pk])).context["form"]
    assert form["criterion_TC1"].value() is True
    assert form["criterion_TC4"].value() is False
    assert form["evidence_TC2"].value() == "ghi chép"


def test_the_api_creates_lists_and_recognises(client, alice, bob, commune_a):
    client.force_login(alice)
    body = {
        "commune": "00004",
        "assessed_on": "2025-11-01",
        "assessor": "Công an phường",
        "result": "recognised",
        "checks": [{"code": c, "met": True, "evidence": "BB"} for c in COMMUNE_CODES],
    }
    url = reverse("api_drug_free_assessment_list")
    missing = client.post(
        url, {**body, "checks": body["checks"][1:]}, content_type="application/json"
    )
    assert missing.status_code == 400
    assert missing.json()["code"] == "drug_free_criterion_missing"
    created = client.post(url, body, content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["status"] == "awaiting_decision"
    assert [c["code"] for c in created.json()["checks"]] == COMMUNE_CODES
    recognised = client.post(
        reverse("api_drug_free_assessment_recognise", args=[pk]),
        {"decision_number": "9/QĐ", "recognised_on": "2025-12-01"},
        content_type="application/json",
    )
    assert recognised.status_code == 200, recognised.content
    listed = client.get(url, {"status": "recognised"}).json()
    assert [r["id"] for r in listed["results"]] == [pk]
    assert listed["results"][0]["decision_number"] == "9/QĐ"
    client.force_login(bob)
    assert client.get(reverse("api_drug_free_assessment_detail", args=[pk])).status_code == 404


HEADERS = ["Mã xã", "Thôn/tổ dân phố", "Ngày đánh giá", "Người đánh giá", "Tiêu chí đạt", "Kết quả"]


def _sheet(rows):
    buffer = io.BytesIO()
    write_xlsx(buffer, HEADERS, rows)
    buffer.seek(0)
    return buffer


def test_export_and_import_through_the_registry_machinery(client, alice, commune_a, village_of):
    village_of("Tổ dân phố 1")
    bad = _sheet(
        [
            [
                "00004",
                "Tổ dân phố 1",
                "01/11/2025",
                "CA phường",
                "TC1, TC2, TC3, TC4, TC5",
                "có lẽ",
            ],
            ["00004", "", "01/11/2025", "CA phường", "TC1, TC9", "Không đạt"],
            ["00004", "", "01/11/2025", "CA phường", "TC1", "Đạt"],
        ]
    )
    report = registry_import(actor=alice, name="drug_free_assessment", filename="ds.xlsx", data=bad)
    assert [(e.row, e.code) for e in report.errors] == [
        (2, "place_import_choice"),
        (3, "drug_free_criterion_unknown"),
        (4, "drug_free_criteria_not_met"),
    ]
    assert not DrugFreeAssessment.objects.exists()
    good = _sheet(
        [
            ["00004", "Tổ dân phố 1", "01/11/2025", "CA phường", "TC1, TC2, TC3, TC4, TC5", "Đạt"],
            ["00004", "", "01/11/2025", "CA phường", "TC1; TC2", "không công nhận"],
        ]
    )
    report = registry_import(
        actor=alice, name="drug_free_assessment", filename="ds.xlsx", data=good
    )
    assert report.errors == [] and report.created == 2
    commune = DrugFreeAssessment.objects.get(village=None)
    assert {c.code for c in commune.checks.all() if c.met} == {"TC1", "TC2"}
    assert commune.result == DrugFreeResult.NOT_RECOGNISED
    client.force_login(alice)
    response = client.get(reverse("drug_free_assessment_export"), HTTP_ACCEPT_LANGUAGE="vi")
    table = open_table("x.xlsx", io.BytesIO(response.content), {"met": ["Tiêu chí đạt"]})
    exported = [cells for _, cells in table.rows]
    assert len(exported) == 2
    assert any("TC1, TC2" in row for row in exported)
    template = client.get(reverse("drug_free_assessment_import_template"))
    assert template.status_code == 200


def test_the_api_patch_changes_one_criterion_and_keeps_the_others(client, alice, commune_a):
    checks = {c: CriterionResult(True, "BB") for c in COMMUNE_CODES}
    assessment = drug_free_assess(
        actor=alice,
        data=DrugFreeAssessmentInput(
            commune=commune_a,
            assessed_on=D(2025, 11, 1),
            assessor="Tổ công tác",
            result=DrugFreeResult.RECOGNISED,
            checks=checks,
        ),
    )
    client.force_login(alice)
    url = reverse("api_drug_free_assessment_detail", args=[assessment.pk])
    changed = client.patch(
        url, {"note": "Đã rà soát lại"}, content_type="application/json", HTTP_IF_MATCH='"1"'
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["note"] == "Đã rà soát lại"
    assert all(c["met"] for c in changed.json()["checks"])
    refused = client.patch(
        url,
        {"checks": [{"code": c, "met": c != "TC2"} for c in COMMUNE_CODES]},
        content_type="application/json",
        HTTP_IF_MATCH='"2"',
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "drug_free_criteria_not_met"
