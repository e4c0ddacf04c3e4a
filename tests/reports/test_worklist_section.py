"""Report deadlines per level on the worklist: the unit's own open reports due within 3 days
or overdue, and the reports awaiting the level's review."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from pcmt.accounts.models import AgencyKind, DataRole
from pcmt.accounts.scope import scope_for
from pcmt.core.extensions import WorklistSection, worklist_sections
from pcmt.lifecycle.runner import transition_run
from pcmt.reports.lifecycles import REPORT
from tests.conftest import make_user

D = datetime.date
KEY = "report_deadlines"


def _run(name: str, actor: Any, report: Any, **data: Any) -> Any:
    return transition_run(lifecycle=REPORT, name=name, actor=actor, obj_or_pk=report, data=data)


def _section(user: Any, today: datetime.date) -> WorklistSection | None:
    found = {s.key: s for s in worklist_sections(scope_for(user), today)}
    return found.get(KEY)


@pytest.fixture
def c04(province: Any) -> Any:
    return make_user("c04", province, AgencyKind.NATIONAL_DRUG_DEPARTMENT, DataRole.OFFICER)


def test_a_communes_open_report_shows_three_days_ahead_and_when_overdue(
    alice: Any, make_report: Any
) -> None:
    report = make_report()  # the first quarter of 2025, due 16/03/2025
    assert report.due_on == D(2025, 3, 16)
    assert _section(alice, D(2025, 3, 12)) is None
    soon = _section(alice, D(2025, 3, 13))
    assert soon is not None and soon.count == 1
    (item,) = soon.items
    assert item.person_id is None
    assert item.due == D(2025, 3, 16) and not item.overdue_on(D(2025, 3, 13))
    assert item.label == "Chờ gửi"
    assert item.url == reverse("report_detail", args=[report.pk])
    assert "01/01/2025–31/03/2025" in item.person_name
    late = _section(alice, D(2025, 4, 2))
    assert late is not None and late.items[0].overdue_on(D(2025, 4, 2))


def test_the_report_moves_up_the_levels_as_it_is_sent(
    alice: Any, pc04: Any, c04: Any, make_report: Any
) -> None:
    day = D(2025, 3, 17)
    commune_report = make_report()
    assert _section(pc04, day) is None
    _run("report_submit", alice, commune_report)
    assert _section(alice, day) is None
    review = _section(pc04, day)
    assert review is not None
    assert [(i.url, i.label) for i in review.items] == [
        (reverse("report_detail", args=[commune_report.pk]), "Cần xem xét")
    ]
    assert review.by_commune == [(commune_report.unit.name, 1)]
    # Returned, it is the commune's to correct again.
    _run("report_return", pc04, commune_report, reason="Thiếu số liệu")
    returned = _section(alice, day)
    assert returned is not None and returned.items[0].label == "Bị trả lại: sửa và gửi lại"
    _run("report_submit", alice, commune_report)
    _run("report_approve", pc04, commune_report)
    assert _section(pc04, day) is None and _section(alice, day) is None
    # The province's own report, then the Ministry's review of it.
    province_report = make_report(actor=pc04)
    own = _section(pc04, day)
    assert own is not None and own.items[0].url.endswith(f"/{province_report.pk}/")
    assert _section(c04, day) is None
    _run("report_submit", pc04, province_report)
    national = _section(c04, day)
    assert national is not None
    assert [i.url for i in national.items] == [reverse("report_detail", args=[province_report.pk])]


def test_those_who_neither_prepare_nor_review_get_no_section(
    alice: Any, hana: Any, province: Any, make_report: Any
) -> None:
    _run("report_submit", alice, make_report())
    supervisor = make_user("pcsup", province, AgencyKind.PROVINCIAL_DRUG_UNIT, DataRole.SUPERVISOR)
    assert _section(hana, D(2025, 3, 17)) is None
    assert _section(supervisor, D(2025, 3, 17)) is None


def test_the_home_page_lists_the_section(alice: Any, make_report: Any) -> None:
    report = make_report(period_kind="monthly", number=3, year=2025)  # long overdue
    client = Client()
    client.force_login(alice)
    body = client.get(reverse("home")).content.decode()
    assert "Báo cáo cần gửi hoặc duyệt" in body
    assert reverse("report_detail", args=[report.pk]) in body


def test_the_section_is_read_with_the_others_at_no_extra_query(
    alice: Any, pc04: Any, make_report: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pcmt.core import extensions
    from pcmt.reports.deadlines import report_deadlines_section

    _run("report_submit", alice, make_report())
    scope = scope_for(pc04)
    scope.person_q()  # the scope's own reach, read once per request

    def reads(providers: list[Any]) -> tuple[int, set[str]]:
        monkeypatch.setattr(extensions, "_worklist_providers", providers)
        with CaptureQueriesContext(connection) as captured:
            keys = {s.key for s in worklist_sections(scope, D(2025, 3, 17))}
        return len(captured.captured_queries), keys

    every = list(extensions._worklist_providers)
    with_reports, keys = reads(every)
    without, _ = reads([(o, p) for o, p in every if p is not report_deadlines_section])
    assert KEY in keys
    assert with_reports == without <= 3
