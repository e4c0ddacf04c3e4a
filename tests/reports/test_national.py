"""The national level: the Ministry's drug police department reads the provinces' reports
once sent up and their national sum, reviews them like a province reviews its communes, and
reads no personal data unless its role grants it."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from pcmt.accounts.models import AgencyKind, DataRole
from pcmt.accounts.scope import scope_for
from pcmt.core.errors import NotFound
from pcmt.lifecycle.runner import transition_run
from pcmt.reports.deadlines import report_deadlines
from pcmt.reports.lifecycles import REPORT
from pcmt.reports.models import ReportStatus
from pcmt.reports.services import national_figures, report_shown_figures
from tests.conftest import make_unit, make_user


def _run(name: str, actor: Any, report: Any, **data: Any) -> Any:
    return transition_run(lifecycle=REPORT, name=name, actor=actor, obj_or_pk=report, data=data)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def c04(province: Any) -> Any:
    """Officer of the Ministry's drug police department: reviews the provinces' reports."""
    return make_user("c04", province, AgencyKind.NATIONAL_DRUG_DEPARTMENT, DataRole.OFFICER)


@pytest.fixture
def approved_province_report(make_report: Any, alice: Any, pc04: Any, person_a: Any) -> Any:
    """Hà Nội's first quarter: commune A's report approved, the province's sent up."""
    commune_report = make_report()
    _run("report_submit", alice, commune_report)
    _run("report_approve", pc04, commune_report)
    report = make_report(actor=pc04)
    _run("report_submit", pc04, report)
    return report


def test_the_national_analyst_reads_the_provinces_reports_not_the_communes(
    nina: Any, approved_province_report: Any, make_report: Any
) -> None:
    client = _client(nina)
    listed = [r.pk for r in client.get(reverse("report_list")).context["reports"]]
    assert listed == [approved_province_report.pk]
    assert (
        client.get(reverse("report_detail", args=[approved_province_report.pk])).status_code == 200
    )
    assert client.get(reverse("report_pdf", args=[approved_province_report.pk])).status_code == 200
    commune_report = approved_province_report.__class__.objects.exclude(
        pk=approved_province_report.pk
    ).get()
    assert client.get(reverse("report_detail", args=[commune_report.pk])).status_code == 404
    # Reading is not reviewing.
    assert (
        client.post(reverse("report_approve", args=[approved_province_report.pk])).status_code
        == 404
    )


def test_the_national_analyst_sees_no_personal_data(nina: Any, person_a: Any) -> None:
    scope = scope_for(nina)
    assert scope.national and not scope.can_read_persons and scope.is_empty
    client = _client(nina)
    assert client.get(reverse("person_detail", args=[person_a.pk])).status_code == 404
    assert client.get(reverse("api_person_detail", args=[person_a.pk])).status_code == 404


def test_a_national_supervisor_reads_persons_everywhere_but_writes_none(
    province: Any, person_a: Any
) -> None:
    supervisor = make_user(
        "vinh", province, AgencyKind.NATIONAL_DRUG_DEPARTMENT, DataRole.SUPERVISOR
    )
    scope = scope_for(supervisor)
    assert scope.can_read_persons and not scope.can_write_persons
    client = _client(supervisor)
    assert client.get(reverse("person_detail", args=[person_a.pk])).status_code == 200
    assert client.post(reverse("person_edit", args=[person_a.pk]), {}).status_code == 404


def test_the_ministry_returns_and_approves_a_provinces_report(
    c04: Any, pc04: Any, approved_province_report: Any
) -> None:
    report = approved_province_report
    with pytest.raises(NotFound):
        _run("report_approve", pc04, report)  # a province does not approve its own
    _run("report_return", c04, report, reason="Thiếu số liệu xã")
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    _run("report_submit", pc04, report, note="Đã bổ sung")
    _run("report_approve", c04, report)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert list(report.versions.values_list("number", flat=True)) == [1, 2]


def test_the_national_sum_adds_the_provinces_approved_reports(
    c04: Any, approved_province_report: Any, make_report: Any
) -> None:
    other = make_unit("79", "Hồ Chí Minh")
    other_officer = make_user("pc04hcm", other, AgencyKind.PROVINCIAL_DRUG_UNIT, DataRole.OFFICER)
    submitted_only = make_report(actor=other_officer)
    _run("report_submit", other_officer, submitted_only)
    report = approved_province_report
    figures, returns = national_figures(report.template, report.period_start, report.period_end)
    assert figures["1"]["period"] == 0  # nothing approved yet
    assert {r.province.code: bool(r.report) for r in returns} == {"01": True, "79": True}
    _run("report_approve", c04, report)
    figures, _ = national_figures(report.template, report.period_start, report.period_end)
    assert figures["1"]["period"] == report_shown_figures(report)["1"]["period"] == 1
    page = _client(c04).get(
        reverse("report_national"),
        {
            "template": report.template.pk,
            "start": report.period_start.isoformat(),
            "end": report.period_end.isoformat(),
        },
    )
    assert page.status_code == 200
    assert page.context["chosen"]["rows"][1]["period"] == 1


def test_the_national_summary_is_the_national_levels_own(pc04: Any, alice: Any) -> None:
    assert _client(pc04).get(reverse("report_national")).status_code == 404
    assert _client(alice).get(reverse("report_national")).status_code == 404


def test_a_bad_period_on_the_national_summary_is_not_an_error(nina: Any) -> None:
    response = _client(nina).get(reverse("report_national"), {"template": "x", "start": "y"})
    assert response.status_code == 200 and response.context["chosen"] is None
    response = _client(nina).get(
        reverse("report_national"), {"template": 999, "start": "2025-01-01", "end": "2025-03-31"}
    )
    assert response.status_code == 404


def test_the_ministrys_officer_finds_the_provinces_reports_to_review(
    c04: Any, approved_province_report: Any
) -> None:
    report = approved_province_report
    items = report_deadlines(c04, report.due_on)
    assert [item.url for item in items if item.label != "tổng hợp toàn quốc"] == [
        reverse("report_detail", args=[report.pk])
    ]


def test_the_ministrys_own_deadline_shows_three_days_ahead_on_its_card(
    c04: Any, nina: Any, drug_template: Any
) -> None:
    import datetime

    assert drug_template.ministry_due_day == 20
    assert report_deadlines(c04, datetime.date(2025, 3, 16)) == []
    items = report_deadlines(c04, datetime.date(2025, 3, 17))
    # The monthly and the quarterly summary both end in March.
    assert {item.due for item in items} == {datetime.date(2025, 3, 20)}
    assert len(items) == 2
    assert all(item.unit_name == "Toàn quốc" for item in items)
    assert all(item.url.startswith(reverse("report_national") + "?template=") for item in items)
    quarterly = [item for item in items if "start=2025-01-01" in item.url]
    assert len(quarterly) == 1
    assert _client(c04).get(quarterly[0].url).context["chosen"] is not None
    assert report_deadlines(c04, datetime.date(2025, 3, 21)) == []  # not recorded as done
    assert report_deadlines(nina, datetime.date(2025, 3, 17)) == []  # the analyst reviews none
