import datetime
from typing import Any

import pytest

from pcmt.audit.models import Event
from pcmt.core.errors import DomainError, NotFound
from pcmt.lifecycle.runner import transition_run
from pcmt.persons.services import person_category_add
from pcmt.places.models import HotspotKind, HotspotSeverity
from pcmt.places.services import HotspotInput, hotspot_create
from pcmt.reports.lifecycles import REPORT
from pcmt.reports.models import REPORT_STREAM, ReportStatus
from pcmt.reports.selectors import commune_returns
from pcmt.reports.services import report_figures, report_shown_figures


def _run(name: str, actor: Any, report: Any, **data: Any) -> Any:
    return transition_run(lifecycle=REPORT, name=name, actor=actor, obj_or_pk=report, data=data)


@pytest.fixture
def hotspot(alice: Any, commune_a: Any) -> Any:
    return hotspot_create(
        actor=alice,
        data=HotspotInput(
            commune=commune_a,
            name="Bãi đất trống ven sông",
            kind=HotspotKind.ORGANISED_USE,
            severity=HotspotSeverity.SEVERE,
            discovered_on=datetime.date(2023, 3, 1),
        ),
    )


def test_a_commune_report_counts_its_registries(
    make_report: Any, person_a: Any, hotspot: Any
) -> None:
    report = make_report()
    assert report.due_on == datetime.date(2025, 3, 16)
    figures = report_figures(report)
    assert figures["1"]["period"] == 1  # person_a: drug user since 10/1/2025
    assert figures["1"]["last_year"] == 0
    assert figures["6"]["period"] == 1  # detected in the quarter
    assert figures["5"]["period"] == 1  # the total adds rows 1–4
    assert figures["9"]["period"] == 1 and figures["10"]["period"] == 1


def test_submitting_freezes_the_figures(
    make_report: Any, alice: Any, person_a: Any, register: Any
) -> None:
    report = make_report()
    _run("report_submit", alice, report)
    later = register(full_name="Phạm Văn Dũng")
    person_category_add(
        actor=alice,
        person=later,
        category="drug_user",
        start_date=datetime.date(2025, 2, 1),
        reason="Test dương tính",
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report_figures(report)["1"]["period"] == 2  # the registry moved…
    assert report_shown_figures(report)["1"]["period"] == 1  # …the submitted report did not


def test_returned_report_is_corrected_by_a_new_version(
    make_report: Any, alice: Any, pc04: Any, person_a: Any
) -> None:
    report = make_report()
    _run("report_submit", alice, report)
    _run("report_return", pc04, report, reason="Thiếu số liệu tụ điểm")
    _run("report_submit", alice, report, note="Đã bổ sung")
    _run("report_approve", pc04, report)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert list(report.versions.values_list("number", flat=True)) == [1, 2]
    events = list(Event.objects.of(REPORT_STREAM, report.pk))
    assert [e.action for e in events] == [
        "report_prepared",
        "report_submitted",
        "report_returned",
        "report_submitted",
        "report_approved",
    ]
    assert events[2].note == "Thiếu số liệu tụ điểm" and events[2].actor == pc04


def test_an_approved_report_is_locked(make_report: Any, alice: Any, pc04: Any) -> None:
    report = make_report()
    _run("report_submit", alice, report)
    _run("report_approve", pc04, report)
    with pytest.raises(DomainError) as refused:
        _run("report_submit", alice, report)
    assert refused.value.code == "illegal_transition"


def test_commune_officers_do_not_review_and_others_do_not_submit(
    make_report: Any, alice: Any, bob: Any
) -> None:
    report = make_report()
    with pytest.raises(NotFound):
        _run("report_submit", bob, report)
    _run("report_submit", alice, report)
    with pytest.raises(NotFound):
        _run("report_approve", alice, report)


def test_one_report_per_unit_and_period(make_report: Any) -> None:
    make_report()
    with pytest.raises(DomainError) as refused:
        make_report()
    assert refused.value.code == "report_exists"


def test_ad_hoc_period_needs_its_days(make_report: Any) -> None:
    with pytest.raises(DomainError) as refused:
        make_report(period_kind="ad_hoc")
    assert refused.value.code == "report_period_missing"


def test_province_adds_approved_commune_reports_and_names_the_missing(
    make_report: Any, alice: Any, bob: Any, pc04: Any, person_a: Any, person_b: Any
) -> None:
    person_category_add(
        actor=bob,
        person=person_b,
        category="drug_user",
        start_date=datetime.date(2025, 2, 1),
        reason="Test dương tính",
    )
    mine = make_report()
    _run("report_submit", alice, mine)
    _run("report_approve", pc04, mine)
    theirs = make_report(actor=bob)
    _run("report_submit", bob, theirs)  # submitted, not approved: not added
    province = make_report(actor=pc04)
    assert province.due_on == datetime.date(2025, 3, 18)
    assert report_figures(province)["1"]["period"] == 1
    returns = {r.commune.pk: r for r in commune_returns(province)}
    assert returns[alice.agency.unit.pk].approved
    assert not returns[bob.agency.unit.pk].approved
    # Submitted today, long after 16/3/2025.
    assert returns[bob.agency.unit.pk].late
