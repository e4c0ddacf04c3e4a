import datetime

import pytest
from django.urls import reverse

from pcmt.audit.models import Event
from pcmt.casework.models import AddictionDetermination
from pcmt.casework.services import (
    determination_record,
    determination_request,
    determination_require,
    drug_test_record,
)
from pcmt.notifications.events import EVENT_NOTICES, event_notify
from pcmt.notifications.models import Notification
from pcmt.persons.models import EventAction


def _test(actor, person, result="positive"):
    drug_test_record(
        actor=actor,
        person=person,
        tested_on=datetime.date(2025, 10, 16),
        place="Công an phường",
        result=result,
        tested_by="Cán bộ",
    )


def _recipients(**filters):
    return set(Notification.objects.filter(**filters).values_list("user__username", flat=True))


def test_a_positive_test_tells_the_other_officers_of_the_commune(
    alice, carl, bob, sam, hana, person_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _test(alice, person_a)
    # Officers at commune A and at its province; not the actor, not supervisors, not commune B.
    assert _recipients() == {"carl", "hana"}
    notice = Notification.objects.get(user=carl)
    assert "Trần Văn Bình" in notice.message and "21/10/2025" in notice.message
    assert notice.url == reverse("person_detail", kwargs={"pk": person_a.pk})
    assert notice.person == person_a


def test_nothing_is_sent_before_the_write_commits(alice, carl, person_a):
    _test(alice, person_a)
    assert not Notification.objects.exists()


def test_a_negative_test_tells_nobody(alice, carl, person_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _test(alice, person_a, result="negative")
    assert not Notification.objects.exists()


def test_a_determination_result_tells_the_commune_officers(
    alice, carl, bob, hana, person_a, django_capture_on_commit_callbacks
):
    determination = determination_require(
        actor=alice,
        person=person_a,
        trigger="voluntary_request",
        required_on=datetime.date(2025, 10, 20),
    )
    determination_request(
        actor=alice,
        determination=determination,
        facility="Bệnh viện tâm thần",
        requested_on=datetime.date(2025, 10, 21),
    )
    with django_capture_on_commit_callbacks(execute=True):
        determination_record(
            actor=hana,
            determination=AddictionDetermination.objects.get(pk=determination.pk),
            determined_on=datetime.date(2025, 10, 25),
            result="not_dependent",
        )
    assert _recipients() == {"alice", "carl"}
    assert "Trần Văn Bình" in Notification.objects.get(user=alice).message


def test_an_event_is_notified_once(alice, carl, person_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _test(alice, person_a)
    event = Event.objects.get(action=EventAction.MANAGEMENT_OPENED)
    event_notify(event.pk)
    assert Notification.objects.filter(user=carl).count() == 1


def test_the_table_covers_the_actions_asked_for():
    assert {EventAction.MANAGEMENT_OPENED, EventAction.DETERMINATION_DONE} <= set(EVENT_NOTICES)


@pytest.mark.parametrize("missing", [0, 10**9])
def test_a_vanished_event_is_ignored(db, missing):
    event_notify(missing)
    assert not Notification.objects.exists()
