from typing import Any

import pytest
from rest_framework.test import APIClient

from pcmt.reports.models import Report, ReportStatus


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def report(make_report: Any, person_a: Any) -> Report:
    return make_report()


def test_alice_prepares_and_submits_through_the_api(alice: Any, person_a: Any) -> None:
    created = _api(alice).post(
        "/api/v1/reports/",
        {"template": "drug-periodic", "period_kind": "monthly", "year": 2025, "number": 2},
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["due_on"] == "2025-02-16"
    submitted = _api(alice).post(f"/api/v1/reports/{pk}/submit/", {}, format="json")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    detail = _api(alice).get(f"/api/v1/reports/{pk}/").json()
    assert detail["versions"][0]["number"] == 1
    users = next(row for row in detail["rows"] if row.get("code") == "1")
    assert users["period"] == 1


def test_a_bad_period_is_a_400_with_a_code(alice: Any) -> None:
    response = _api(alice).post(
        "/api/v1/reports/",
        {"template": "drug-periodic", "period_kind": "quarterly", "year": 2025, "number": 6},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "report_period_unknown"


def test_return_needs_a_reason_and_only_the_province_reviews(
    alice: Any, bob: Any, pc04: Any, report: Report
) -> None:
    _api(alice).post(f"/api/v1/reports/{report.pk}/submit/", {}, format="json")
    assert _api(bob).get(f"/api/v1/reports/{report.pk}/").status_code == 404
    assert _api(alice).post(f"/api/v1/reports/{report.pk}/approve/", {}).status_code == 404
    assert _api(pc04).post(f"/api/v1/reports/{report.pk}/return/", {}).status_code == 400
    returned = _api(pc04).post(
        f"/api/v1/reports/{report.pk}/return/", {"reason": "Thiếu"}, format="json"
    )
    assert returned.json()["status"] == ReportStatus.RETURNED


@pytest.mark.parametrize("persona", ["hana", "olga"])
def test_no_reports_for_health_and_outsiders(persona: str, request: Any, report: Report) -> None:
    client = _api(request.getfixturevalue(persona))
    assert client.get("/api/v1/reports/").status_code == 404
    assert client.post("/api/v1/reports/", {}, format="json").status_code == 404


def test_reports_are_in_the_schema(alice: Any) -> None:
    schema = _api(alice).get("/api/v1/schema/")
    text = schema.content.decode()
    assert "/api/v1/reports/" in text and "/api/v1/reports/{report_pk}/approve/" in text
