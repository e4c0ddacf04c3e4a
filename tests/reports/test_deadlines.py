import datetime
from typing import Any

from django.test import Client
from django.urls import reverse

from pcmt.lifecycle.runner import transition_run
from pcmt.reports.deadlines import report_deadlines
from pcmt.reports.lifecycles import REPORT
from pcmt.reports.models import PeriodKind

D = datetime.date


def test_a_commune_is_told_of_this_months_report_three_days_ahead(
    alice: Any, drug_template: Any
) -> None:
    assert report_deadlines(alice, D(2025, 3, 12)) == []  # 16/3 is 4 days away
    soon = report_deadlines(alice, D(2025, 3, 13))
    assert {item.due for item in soon} == {D(2025, 3, 16)}
    # Monthly and quarterly both end in March.
    assert len([i for i in soon if i.report_name.startswith(drug_template.name)]) == 2
    assert all(not item.overdue_on(D(2025, 3, 13)) for item in soon)
    assert all(item.overdue_on(D(2025, 3, 17)) for item in report_deadlines(alice, D(2025, 3, 17)))


def test_a_submitted_report_leaves_the_list_and_waits_for_review(
    alice: Any, pc04: Any, make_report: Any
) -> None:
    report = make_report(period_kind="monthly", number=3)
    transition_run(lifecycle=REPORT, name="report_submit", actor=alice, obj_or_pk=report, data={})
    kinds = [item.report_name for item in report_deadlines(alice, D(2025, 3, 20))]
    assert len(kinds) == 1 and str(PeriodKind.QUARTERLY.label) in kinds[0]
    review = report_deadlines(pc04, D(2025, 3, 20))
    assert [item.url for item in review if item.unit_name == report.unit.full_name] == [
        reverse("report_detail", args=[report.pk])
    ]


def test_health_users_get_no_report_deadlines(hana: Any, drug_template: Any) -> None:
    assert report_deadlines(hana, D(2025, 3, 16)) == []


def test_home_loads_the_card_and_the_card_lists_the_deadlines(
    alice: Any, hana: Any, drug_template: Any
) -> None:
    client = Client()
    client.force_login(alice)
    assert reverse("report_deadlines") in client.get(reverse("home")).content.decode()
    card = client.get(reverse("report_deadlines"), headers={"HX-Request": "true"})
    assert card.status_code == 200 and "<html" not in card.content.decode()
    assert client.get(reverse("report_deadlines")).status_code == 200
    client.force_login(hana)
    assert reverse("report_deadlines") not in client.get(reverse("home")).content.decode()
    assert client.get(reverse("report_deadlines")).status_code == 404


def test_officers_are_notified_once_of_reports_due_soon_and_again_when_overdue(
    alice: Any, pc04: Any, hana: Any, drug_template: Any
) -> None:
    from pcmt.notifications.models import Notification
    from pcmt.reports.deadlines import report_due_notifications_send

    assert report_due_notifications_send(D(2025, 3, 12)) == 0  # 16/3 is 4 days away
    sent = report_due_notifications_send(D(2025, 3, 13))
    mine = Notification.objects.filter(user=alice)
    assert sent == mine.count() == 2  # the monthly and the quarterly report of commune A
    assert all("16/03/2025" in n.message for n in mine)
    assert report_due_notifications_send(D(2025, 3, 14)) == 0  # nothing new the next day
    report_due_notifications_send(D(2025, 3, 17))
    assert Notification.objects.filter(user=alice, message__contains="quá hạn").count() == 2
    assert not Notification.objects.filter(user=hana).exists()
