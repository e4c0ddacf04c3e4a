import datetime
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from pcmt.casework.models import UserManagement
from pcmt.casework.services import drug_test_record, management_decision_issue
from pcmt.core import extensions
from pcmt.core.extensions import WorkItem, WorklistSection
from pcmt.notifications import deadlines
from pcmt.notifications.models import Notification
from pcmt.persons.models import Person

TODAY = timezone.localdate()


def _positive(actor, person, tested_on=datetime.date(2025, 10, 16)):
    drug_test_record(
        actor=actor,
        person=person,
        tested_on=tested_on,
        place="Công an phường",
        result="positive",
        tested_by="Cán bộ",
    )
    return UserManagement.objects.get(person=person)


def _due_in(management, days, field="decision_due"):
    UserManagement.objects.filter(pk=management.pk).update(
        **{field: TODAY + datetime.timedelta(days=days)}
    )


@pytest.fixture
def worklist(alice, register, person_a):
    """In commune A: one decision overdue, one due in 2 days, one due in 10 days, one
    period ending tomorrow and one ending in 20 days."""
    overdue = _positive(alice, person_a)
    soon = _positive(alice, register(full_name="Phạm Thị Dung", sex="female", birth_year=1992))
    _due_in(soon, 2)
    later = _positive(alice, register(full_name="Hoàng Văn Em", birth_year=1985))
    _due_in(later, 10)
    ending = _positive(alice, register(full_name="Vũ Văn Giang", birth_year=1980))
    management_decision_issue(
        actor=alice,
        management=ending,
        number="12/QĐ",
        decision_date=datetime.date(2025, 10, 20),
        signer="Chủ tịch",
    )
    _due_in(ending, 1, "period_end")
    running = _positive(alice, register(full_name="Đỗ Văn Hải", birth_year=1983))
    management_decision_issue(
        actor=alice,
        management=running,
        number="13/QĐ",
        decision_date=datetime.date(2025, 10, 20),
        signer="Chủ tịch",
    )
    _due_in(running, 20, "period_end")
    return {"overdue": overdue, "soon": soon, "later": later, "ending": ending}


def _people(user):
    return set(Notification.objects.filter(user=user).values_list("person__full_name", flat=True))


def test_readers_in_scope_hear_of_items_due_within_3_days_or_overdue(
    worklist, alice, carl, bob, sam, hana, ann, olga
):
    created = deadlines.due_notifications_send()
    expected = {"Trần Văn Bình", "Phạm Thị Dung", "Vũ Văn Giang"}
    for reader in (alice, carl, sam, hana):
        assert _people(reader) == expected
    for outsider in (bob, ann, olga):
        assert not Notification.objects.filter(user=outsider).exists()
    assert created == 4 * len(expected)
    notice = Notification.objects.get(user=alice, person=worklist["overdue"].person)
    assert notice.url == reverse("person_detail", kwargs={"pk": worklist["overdue"].person_id})
    assert "21/10/2025" in notice.message and "Trần Văn Bình" in notice.message


def test_running_twice_creates_nothing_new(worklist, alice, carl):
    assert deadlines.due_notifications_send() > 0
    before = Notification.objects.count()
    out = StringIO()
    call_command("notify_due", stdout=out)
    assert Notification.objects.count() == before
    assert "0" in out.getvalue()


def test_a_new_due_date_is_a_new_notice(worklist, alice):
    deadlines.due_notifications_send()
    _due_in(worklist["later"], 3)
    deadlines.due_notifications_send()
    assert "Hoàng Văn Em" in _people(alice)


def test_inactive_users_are_not_notified(worklist, alice, carl):
    carl.is_active = False
    carl.save()
    deadlines.due_notifications_send()
    assert not Notification.objects.filter(user=carl).exists()
    assert Notification.objects.filter(user=alice).exists()


def test_one_worklist_per_jurisdiction_not_per_user(
    worklist, alice, carl, bob, sam, hana, monkeypatch
):
    calls = []
    real = deadlines.worklist_for

    def counting(scope, **kwargs):
        calls.append((scope.province_id, scope.commune_id))
        return real(scope, **kwargs)

    monkeypatch.setattr(deadlines, "worklist_for", counting)
    deadlines.due_notifications_send()
    # Commune A (alice, carl), commune B (bob), the province (sam, hana): once per language,
    # so that what is due reads in each reader's language.
    assert len(set(calls)) == 3
    assert len(calls) == 3 * len(settings.LANGUAGES)


@pytest.fixture
def extra_section(monkeypatch, person_a):
    """A worklist section registered by another app."""
    monkeypatch.setattr(extensions, "_worklist_providers", [])

    def provider(scope, today, limit):
        if not Person.objects.filter(scope.person_q(), pk=person_a.pk).exists():
            return None
        url = reverse("person_detail", kwargs={"pk": person_a.pk})
        items = [
            WorkItem(person_a.pk, person_a.full_name, "Ba Đình", label, today + delta, url)
            for label, delta in [
                ("Report the move", datetime.timedelta(days=3)),
                ("Renew the plan", datetime.timedelta(days=4)),
                ("Check in", datetime.timedelta(days=-1)),
            ]
        ]
        items.append(WorkItem(person_a.pk, person_a.full_name, "Ba Đình", "Undated", None, url))
        return WorklistSection("extra", "Extra", items, len(items))

    extensions.register_worklist(provider)


def test_items_of_registered_sections_are_notified(extra_section, alice, bob):
    deadlines.due_notifications_send()
    messages = list(Notification.objects.filter(user=alice).values_list("message", flat=True))
    assert len(messages) == 2
    assert any("Report the move" in m for m in messages)
    yesterday = (TODAY - datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    assert any("Check in" in m and yesterday in m for m in messages)
    assert not Notification.objects.filter(user=bob).exists()
    deadlines.due_notifications_send()
    assert Notification.objects.filter(user=alice).count() == 2
