"""The hotspot lifecycle: at risk → detected → being suppressed → eliminated → monitored →
closed after the monitoring period, or re-emerged; re-verifications on a schedule; counts of
every state as of a past day from the dated periods."""

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from pcmt.accounts.scope import scope_for
from pcmt.audit.models import Event
from pcmt.core.errors import DomainError
from pcmt.core.worklists import worklist_read
from pcmt.places.models import HotspotStatus, ReverificationFinding
from pcmt.places.selectors import (
    hotspot_states_on,
    hotspots_open_on,
    reverification_section,
)
from pcmt.places.services import (
    hotspot_close,
    hotspot_detect,
    hotspot_eliminate,
    hotspot_monitor,
    hotspot_re_emerge,
    hotspot_reverify,
    hotspot_suppress,
)
from pcmt.rules.calendar import add_months

D = datetime.date
S = HotspotStatus


def _actions(hotspot: Any) -> list[str]:
    return list(Event.objects.of("hotspot", hotspot.pk).values_list("action", flat=True))


STEPS: dict[str, Any] = {
    "detect": lambda actor, h, day: hotspot_detect(actor=actor, hotspot=h, detected_on=day),
    "suppress": lambda actor, h, day: hotspot_suppress(
        actor=actor, hotspot=h, suppression_started_on=day
    ),
    "eliminate": lambda actor, h, day: hotspot_eliminate(actor=actor, hotspot=h, eliminated_on=day),
    "monitor": lambda actor, h, day: hotspot_monitor(actor=actor, hotspot=h, monitoring_from=day),
    "close": lambda actor, h, day: hotspot_close(actor=actor, hotspot=h, closed_on=day),
    "re_emerge": lambda actor, h, day: hotspot_re_emerge(actor=actor, hotspot=h, re_emerged_on=day),
}
# How to bring a hotspot registered at risk on 1/1/2024 into each state, a month per step.
PATHS: dict[str, list[str]] = {
    S.AT_RISK: [],
    S.DETECTED: ["detect"],
    S.SUPPRESSING: ["detect", "suppress"],
    S.ELIMINATED: ["detect", "eliminate"],
    S.MONITORING: ["detect", "eliminate", "monitor"],
    S.CLOSED: ["detect", "eliminate", "monitor", "close"],
    S.RE_EMERGED: ["detect", "eliminate", "re_emerge"],
}
LEGAL = {
    ("detect", S.AT_RISK),
    ("suppress", S.DETECTED),
    ("suppress", S.RE_EMERGED),
    ("eliminate", S.DETECTED),
    ("eliminate", S.SUPPRESSING),
    ("eliminate", S.RE_EMERGED),
    ("monitor", S.ELIMINATED),
    ("close", S.MONITORING),
    ("re_emerge", S.ELIMINATED),
    ("re_emerge", S.MONITORING),
}
TARGET = {
    "detect": S.DETECTED,
    "suppress": S.SUPPRESSING,
    "eliminate": S.ELIMINATED,
    "monitor": S.MONITORING,
    "close": S.CLOSED,
    "re_emerge": S.RE_EMERGED,
}


@pytest.fixture
def at_risk(make_hotspot: Any) -> Any:
    return make_hotspot(status=S.AT_RISK, discovered_on=D(2024, 1, 1))


def _bring(actor: Any, hotspot: Any, state: str) -> Any:
    day = D(2024, 1, 1)
    for name in PATHS[state]:
        # Closing waits for the 12 months of monitoring after the elimination.
        day = add_months(day, 13 if name == "close" else 1)
        hotspot = STEPS[name](actor, hotspot.pk, day)
    hotspot.refresh_from_db()
    assert hotspot.status == state
    return hotspot


@pytest.mark.parametrize(("step", "state"), sorted(LEGAL))
def test_each_legal_step_moves_the_hotspot_and_writes_its_event(at_risk, alice, step, state):
    hotspot = _bring(alice, at_risk, state)
    day = D(2026, 6, 1)
    done = STEPS[step](alice, hotspot.pk, day)
    done.refresh_from_db()
    assert done.status == TARGET[step]
    last = Event.objects.of("hotspot", hotspot.pk).last()
    assert last.changes["status"] == [state, TARGET[step]]
    period = done.periods.get(ended_on__isnull=True)
    assert (period.status, period.started_on) == (TARGET[step], day)


@pytest.mark.parametrize(
    ("step", "state"),
    sorted((step, state) for step in STEPS for state in PATHS if (step, state) not in LEGAL),
)
def test_each_illegal_step_is_refused_with_its_code(at_risk, alice, step, state):
    hotspot = _bring(alice, at_risk, state)
    events = Event.objects.of("hotspot", hotspot.pk).count()
    with pytest.raises(DomainError) as refused:
        STEPS[step](alice, hotspot.pk, D(2026, 6, 1))
    assert refused.value.code == "illegal_transition"
    hotspot.refresh_from_db()
    assert hotspot.status == state
    assert Event.objects.of("hotspot", hotspot.pk).count() == events


def test_registration_at_risk_opens_no_spell_until_detected(at_risk, alice):
    assert at_risk.status == S.AT_RISK
    assert not at_risk.spells.exists()
    hotspot_detect(actor=alice, hotspot=at_risk, detected_on=D(2024, 3, 1))
    assert list(at_risk.spells.values_list("started_on", "ended_on")) == [(D(2024, 3, 1), None)]
    assert _actions(at_risk) == ["hotspot_created", "hotspot_detected"]


def test_a_step_before_the_last_one_is_refused(make_hotspot, alice):
    hotspot = make_hotspot(discovered_on=D(2024, 5, 1))
    with pytest.raises(DomainError) as refused:
        hotspot_eliminate(actor=alice, hotspot=hotspot, eliminated_on=D(2024, 4, 1))
    assert refused.value.code == "date_before_previous_step"


def test_closing_waits_for_the_end_of_the_monitoring_period(make_hotspot, alice):
    hotspot = make_hotspot(discovered_on=D(2024, 1, 1))
    hotspot_eliminate(actor=alice, hotspot=hotspot, eliminated_on=D(2024, 6, 15))
    hotspot_monitor(actor=alice, hotspot=hotspot, monitoring_from=D(2024, 6, 20))
    with pytest.raises(DomainError) as refused:
        hotspot_close(actor=alice, hotspot=hotspot, closed_on=D(2025, 6, 14))
    assert refused.value.code == "monitoring_period_not_over"
    assert "15/06/2025" in str(refused.value.message)
    closed = hotspot_close(actor=alice, hotspot=hotspot, closed_on=D(2025, 6, 15))
    assert (closed.status, closed.reverify_due_on) == (S.CLOSED, None)


def test_the_monitoring_period_is_a_setting(make_hotspot, alice, settings):
    settings.PCMT_HOTSPOT_MONITORING_MONTHS = 6
    hotspot = make_hotspot(discovered_on=D(2024, 1, 1))
    hotspot_eliminate(actor=alice, hotspot=hotspot, eliminated_on=D(2024, 6, 15))
    hotspot_monitor(actor=alice, hotspot=hotspot, monitoring_from=D(2024, 6, 15))
    assert hotspot_close(actor=alice, hotspot=hotspot, closed_on=D(2024, 12, 15)).status == S.CLOSED


def test_an_officer_of_another_commune_cannot_step_a_hotspot(make_hotspot, bob):
    from pcmt.core.errors import NotFound

    hotspot = make_hotspot(discovered_on=D(2024, 1, 1))
    with pytest.raises(NotFound):
        hotspot_eliminate(actor=bob, hotspot=hotspot, eliminated_on=D(2024, 6, 1))


# Re-verifications ----------------------------------------------------------------------


def test_elimination_schedules_the_first_re_verification_a_quarter_later(make_hotspot, alice):
    hotspot = make_hotspot(discovered_on=D(2024, 1, 1))
    hotspot = hotspot_eliminate(actor=alice, hotspot=hotspot, eliminated_on=D(2024, 5, 31))
    assert hotspot.reverify_due_on == D(2024, 8, 31)


def test_a_clean_re_verification_moves_the_next_due_date(make_hotspot, alice):
    hotspot = make_hotspot(discovered_on=D(2024, 1, 1))
    hotspot_eliminate(actor=alice, hotspot=hotspot, eliminated_on=D(2024, 5, 31))
    found = hotspot_reverify(
        actor=alice,
        hotspot=hotspot,
        verified_on=D(2024, 9, 3),
        finding=ReverificationFinding.CLEAN,
        note="Không còn tụ tập",
    )
    hotspot.refresh_from_db()
    assert (found.verified_by, found.finding) == (alice, "clean")
    assert (hotspot.status, hotspot.reverify_due_on) == (S.ELIMINATED, D(2024, 12, 3))
    event = Event.objects.of("hotspot", hotspot.pk).last()
    assert event.action == "hotspot_reverified"
    assert event.changes["finding"] == [None, "clean"]
    assert event.note == "Không còn tụ tập"


def test_the_re_verification_interval_is_a_setting(make_hotspot, alice, settings):
    settings.PCMT_HOTSPOT_REVERIFY_MONTHS = 1
    hotspot = make_hotspot(discovered_on=D(2024, 1, 1))
    hotspot = hotspot_eliminate(actor=alice, hotspot=hotspot, eliminated_on=D(2024, 5, 31))
    assert hotspot.reverify_due_on == D(2024, 6, 30)


def test_finding_it_re_emerged_reopens_the_hotspot_keeping_its_history(make_hotspot, alice):
    hotspot = make_hotspot(discovered_on=D(2024, 1, 1))
    hotspot_eliminate(actor=alice, hotspot=hotspot, eliminated_on=D(2024, 5, 1))
    hotspot_monitor(actor=alice, hotspot=hotspot, monitoring_from=D(2024, 5, 2))
    hotspot_reverify(
        actor=alice, hotspot=hotspot, verified_on=D(2024, 8, 1), finding=ReverificationFinding.SIGNS
    )
    hotspot_reverify(
        actor=alice,
        hotspot=hotspot,
        verified_on=D(2024, 10, 1),
        finding=ReverificationFinding.RE_EMERGED,
    )
    hotspot.refresh_from_db()
    assert (hotspot.status, hotspot.re_emerged_on, hotspot.reverify_due_on) == (
        S.RE_EMERGED,
        D(2024, 10, 1),
        None,
    )
    assert list(hotspot.spells.values_list("started_on", "ended_on", "re_emergence")) == [
        (D(2024, 1, 1), D(2024, 5, 1), False),
        (D(2024, 10, 1), None, True),
    ]
    assert list(hotspot.periods.values_list("status", flat=True)) == [
        S.DETECTED,
        S.ELIMINATED,
        S.MONITORING,
        S.RE_EMERGED,
    ]
    assert hotspot.reverifications.count() == 2
    with pytest.raises(DomainError) as refused:
        hotspot_reverify(actor=alice, hotspot=hotspot, verified_on=D(2024, 11, 1), finding="clean")
    assert refused.value.code == "illegal_transition"


def test_a_re_verification_before_the_last_check_is_refused(make_hotspot, alice):
    hotspot = make_hotspot(discovered_on=D(2024, 1, 1))
    hotspot_eliminate(actor=alice, hotspot=hotspot, eliminated_on=D(2024, 5, 1))
    hotspot_reverify(actor=alice, hotspot=hotspot, verified_on=D(2024, 8, 1), finding="clean")
    with pytest.raises(DomainError) as refused:
        hotspot_reverify(actor=alice, hotspot=hotspot, verified_on=D(2024, 7, 1), finding="clean")
    assert refused.value.code == "date_before_previous_step"


@pytest.fixture
def due_and_overdue(make_hotspot, alice, bob, commune_b):
    """In commune A one hotspot due within days, one overdue, one not due; one overdue in B."""
    today = timezone.localdate()
    soon = make_hotspot(name="Gốc đa", discovered_on=D(2024, 1, 1))
    hotspot_eliminate(
        actor=alice, hotspot=soon, eliminated_on=add_months(today, -3) + datetime.timedelta(5)
    )
    late = make_hotspot(name="Bến đò", discovered_on=D(2024, 1, 1))
    hotspot_eliminate(actor=alice, hotspot=late, eliminated_on=D(2024, 6, 1))
    hotspot_monitor(actor=alice, hotspot=late, monitoring_from=D(2024, 6, 2))
    later = make_hotspot(name="Bãi cát", discovered_on=D(2024, 1, 1))
    hotspot_eliminate(actor=alice, hotspot=later, eliminated_on=today)
    other = make_hotspot(
        actor=bob, commune=commune_b, name="Chợ xã bên", discovered_on=D(2024, 1, 1)
    )
    hotspot_eliminate(actor=bob, hotspot=other, eliminated_on=D(2024, 6, 1))
    return soon, late


def test_the_worklist_lists_due_and_overdue_re_verifications(due_and_overdue, alice):
    _, late = due_and_overdue
    today = timezone.localdate()
    section = worklist_read([reverification_section(scope_for(alice), today, 50)])[0]
    assert [item.person_name for item in section.items] == ["Bến đò", "Gốc đa"]
    assert section.items[0].overdue_on(today) and not section.items[1].overdue_on(today)
    assert section.items[0].due == D(2024, 9, 1)
    assert section.items[0].url.endswith(f"/hotspots/{late.pk}/#reverifications")


def test_the_section_is_read_with_the_others_in_two_queries(
    due_and_overdue, alice, django_assert_num_queries
):
    section = reverification_section(scope_for(alice), timezone.localdate(), 50)
    with django_assert_num_queries(2):
        assert worklist_read([section])[0].count == 2


def test_the_home_worklist_shows_them_to_the_commune_only(due_and_overdue, client, bob, hana):
    client.force_login(due_and_overdue[0].created_by)
    page = client.get(reverse("home")).content.decode()
    assert 'id="worklist-hotspot_reverifications"' in page
    assert "Bến đò" in page and "Gốc đa" in page and "Chợ xã bên" not in page
    client.force_login(bob)
    page = client.get(reverse("home")).content.decode()
    assert "Chợ xã bên" in page and "Bến đò" not in page


def test_a_health_user_sees_no_hotspot_to_re_verify(due_and_overdue, client, hana):
    assert (
        worklist_read([reverification_section(scope_for(hana), timezone.localdate(), 50)])[0].items
        == []
    )
    client.force_login(hana)
    page = client.get(reverse("home")).content.decode()
    assert "hotspot_reverifications" not in page


def test_the_detail_page_shows_the_next_due_date_and_the_history(due_and_overdue, client, alice):
    _, late = due_and_overdue
    hotspot_reverify(actor=alice, hotspot=late, verified_on=D(2024, 9, 2), finding="signs")
    client.force_login(alice)
    page = client.get(reverse("hotspot_detail", kwargs={"hotspot_pk": late.pk})).content.decode()
    assert 'id="reverify-due">02/12/2024' in page
    assert "02/09/2024" in page
    assert 'id="monitoring-ends">01/06/2025' in page
    assert 'id="hotspot_reverify"' in page


def test_the_api_lists_and_records_re_verifications(due_and_overdue, client, alice, bob):
    _, late = due_and_overdue
    url = reverse("api_hotspot_reverifications", kwargs={"hotspot_pk": late.pk})
    client.force_login(alice)
    created = client.post(
        url, {"verified_on": "2024-09-02", "finding": "clean"}, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    assert created.json()["finding"] == "clean"
    listed = client.get(url).json()
    assert [r["verified_on"] for r in listed] == ["2024-09-02"]
    refused = client.post(
        url, {"verified_on": "2024-08-01", "finding": "clean"}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "date_before_previous_step"
    client.force_login(bob)
    assert client.get(url).status_code == 404
    schema = client.get(reverse("api_schema")).content.decode()
    assert "/api/v1/hotspots/{hotspot_pk}/reverifications/" in schema


# Counts as of a past day ------------------------------------------------------------------


def test_counts_by_state_on_past_days_come_from_the_history(make_hotspot, alice, commune_a):
    a = make_hotspot(name="A", status=S.AT_RISK, discovered_on=D(2024, 1, 1))
    b = make_hotspot(name="B", discovered_on=D(2024, 1, 1))
    hotspot_detect(actor=alice, hotspot=a, detected_on=D(2024, 3, 1))
    hotspot_suppress(actor=alice, hotspot=a, suppression_started_on=D(2024, 4, 1))
    hotspot_eliminate(actor=alice, hotspot=a, eliminated_on=D(2024, 6, 1))
    hotspot_monitor(actor=alice, hotspot=a, monitoring_from=D(2024, 6, 1))
    hotspot_close(actor=alice, hotspot=a, closed_on=D(2025, 6, 1))
    hotspot_eliminate(actor=alice, hotspot=b, eliminated_on=D(2024, 5, 1))
    hotspot_reverify(actor=alice, hotspot=b, verified_on=D(2024, 8, 1), finding="re_emerged")
    scope = scope_for(alice)

    def states(day: datetime.date) -> dict[str, int]:
        return hotspot_states_on(scope, day)["by_status"]

    assert states(D(2023, 12, 31)) == {}
    assert states(D(2024, 2, 1)) == {S.AT_RISK: 1, S.DETECTED: 1}
    assert states(D(2024, 4, 15)) == {S.SUPPRESSING: 1, S.DETECTED: 1}
    assert states(D(2024, 5, 1)) == {S.SUPPRESSING: 1, S.ELIMINATED: 1}
    assert states(D(2024, 6, 1)) == {S.MONITORING: 1, S.ELIMINATED: 1}
    assert states(D(2024, 8, 1)) == {S.MONITORING: 1, S.RE_EMERGED: 1}
    assert states(D(2025, 6, 1)) == {S.CLOSED: 1, S.RE_EMERGED: 1}
    assert hotspot_states_on(scope, D(2024, 8, 1))["by_commune"] == {
        commune_a.pk: {S.MONITORING: 1, S.RE_EMERGED: 1}
    }
    # "Open" stays the active spells: detected, suppressed or re-emerged.
    assert set(hotspots_open_on(scope, D(2024, 4, 15))) == {a, b}
    assert set(hotspots_open_on(scope, D(2024, 7, 1))) == set()
    assert set(hotspots_open_on(scope, D(2024, 8, 1))) == {b}


def test_deadline_alerts_leave_hotspots_to_the_worklist(due_and_overdue, alice):
    from pcmt.notifications.deadlines import due_alerts

    alerts = due_alerts(scope_for(alice), timezone.localdate())
    assert all(alert.person_id is not None for alert in alerts)


def test_the_migration_turns_old_statuses_into_states_with_their_history(make_hotspot, alice):
    import importlib

    from django.apps import apps

    from pcmt.places.models import Hotspot, HotspotPeriod, HotspotSpell

    migration = importlib.import_module(
        "pcmt.places.migrations.0004_hotspot_lifecycle_and_reverifications"
    )
    still_open = make_hotspot(name="Còn hoạt động", discovered_on=D(2023, 3, 1))
    twice = make_hotspot(name="Hai lần", discovered_on=D(2023, 1, 1))
    hotspot_eliminate(actor=alice, hotspot=twice, eliminated_on=D(2023, 6, 1))
    hotspot_re_emerge(actor=alice, hotspot=twice, re_emerged_on=D(2024, 2, 1))
    hotspot_eliminate(actor=alice, hotspot=twice, eliminated_on=D(2024, 9, 1))
    back = make_hotspot(name="Tái phức tạp", discovered_on=D(2023, 1, 1))
    hotspot_eliminate(actor=alice, hotspot=back, eliminated_on=D(2023, 6, 1))
    hotspot_re_emerge(actor=alice, hotspot=back, re_emerged_on=D(2024, 2, 1))
    # As the registry stood before the lifecycle had states and periods.
    HotspotPeriod.objects.all().delete()
    Hotspot.objects.filter(pk=still_open.pk).update(status="open", detected_on=None)
    Hotspot.objects.update(reverify_due_on=None)
    spells = HotspotSpell.objects.count()

    migration.states_from_spells(apps, None)

    def periods(hotspot: Any) -> list[tuple[str, Any, Any]]:
        return list(hotspot.periods.values_list("status", "started_on", "ended_on"))

    still_open.refresh_from_db()
    assert (still_open.status, still_open.detected_on) == (S.DETECTED, D(2023, 3, 1))
    assert periods(still_open) == [(S.DETECTED, D(2023, 3, 1), None)]
    twice.refresh_from_db()
    assert (twice.status, twice.reverify_due_on) == (S.ELIMINATED, D(2024, 12, 1))
    assert periods(twice) == [
        (S.DETECTED, D(2023, 1, 1), D(2023, 6, 1)),
        (S.ELIMINATED, D(2023, 6, 1), D(2024, 2, 1)),
        (S.RE_EMERGED, D(2024, 2, 1), D(2024, 9, 1)),
        (S.ELIMINATED, D(2024, 9, 1), None),
    ]
    assert periods(back)[-1] == (S.RE_EMERGED, D(2024, 2, 1), None)
    assert HotspotSpell.objects.count() == spells
    scope = scope_for(alice)
    assert hotspot_states_on(scope, D(2023, 7, 1))["by_status"] == {
        S.DETECTED: 1,
        S.ELIMINATED: 2,
    }
    assert set(hotspots_open_on(scope, D(2024, 3, 1))) == {still_open, twice, back}


def test_the_api_registers_at_risk_and_changes_an_eliminated_hotspot(client, alice, commune_a):
    client.force_login(alice)
    body = {"commune": commune_a.code, "name": "Bãi xe", "kind": "gathering"}
    refused = client.post(
        reverse("api_hotspot_list"),
        {**body, "discovered_on": "2024-01-01", "status": "eliminated"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "hotspot_status_unknown"
    created = client.post(
        reverse("api_hotspot_list"),
        {**body, "discovered_on": "2024-01-01", "status": "at_risk"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["status"] == "at_risk"
    detected = client.post(
        reverse("api_hotspot_detect", kwargs={"hotspot_pk": pk}),
        {"detected_on": "2024-02-01"},
        content_type="application/json",
    )
    assert detected.status_code == 200, detected.content
    hotspot_eliminate(actor=alice, hotspot=pk, eliminated_on=D(2024, 5, 1))
    version = created.json()["version"] + 2
    changed = client.patch(
        reverse("api_hotspot_detail", kwargs={"hotspot_pk": pk}),
        {"name": "Bãi xe cũ"},
        content_type="application/json",
        HTTP_IF_MATCH=f'"{version}"',
    )
    assert changed.status_code == 200, changed.content
    assert (changed.json()["name"], changed.json()["status"]) == ("Bãi xe cũ", "eliminated")


def test_the_timeline_names_each_change_in_vietnamese(make_hotspot, client, alice):
    hotspot = make_hotspot(discovered_on=D(2024, 1, 1))
    hotspot_eliminate(
        actor=alice, hotspot=hotspot, eliminated_on=D(2024, 6, 1), measures="Giải tỏa"
    )
    hotspot_reverify(actor=alice, hotspot=hotspot, verified_on=D(2024, 9, 2), finding="signs")
    client.force_login(alice)
    page = client.get(reverse("hotspot_detail", kwargs={"hotspot_pk": hotspot.pk}))
    timeline = page.content.decode().split('id="timeline"')[1]
    assert "kiểm tra lại điểm, tụ điểm" in timeline
    assert "đã phát hiện → đã triệt xóa" in timeline
    assert "Ngày triệt xóa: — → 01/06/2024" in timeline
    assert "Kết quả: — → có dấu hiệu tái phức tạp" in timeline
    assert "2024-06-01" not in timeline and "eliminated" not in timeline


def test_closing_too_early_on_the_page_is_a_field_error(make_hotspot, client, alice):
    hotspot = make_hotspot(discovered_on=D(2024, 1, 1))
    hotspot_eliminate(actor=alice, hotspot=hotspot, eliminated_on=D(2024, 6, 1))
    hotspot_monitor(actor=alice, hotspot=hotspot, monitoring_from=D(2024, 6, 1))
    client.force_login(alice)
    url = reverse("hotspot_close", kwargs={"hotspot_pk": hotspot.pk})
    response = client.post(url, {"closed_on": "01/01/2025"}, follow=True)
    assert response.status_code in (200, 400)
    assert "01/06/2025" in response.content.decode()
    hotspot.refresh_from_db()
    assert hotspot.status == S.MONITORING
    late = client.post(
        reverse("hotspot_reverify", kwargs={"hotspot_pk": hotspot.pk}),
        {"verified_on": "01/09/2024", "finding": "nonsense"},
        follow=True,
    )
    assert late.status_code in (200, 400)
    assert not hotspot.reverifications.exists()
