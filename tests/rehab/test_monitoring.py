"""Electronic monitoring (Law 120/2025/QH15): only from 1/7/2026, only during home rehab,
substitution therapy or post-rehab, within the episode, with its device and alerts."""

import datetime

import pytest

from pcmt.casework.services import therapy_start, therapy_stop
from pcmt.core.errors import DomainError
from pcmt.rehab.models import ElectronicMonitoring, PostRehab
from pcmt.rehab.services import (
    monitoring_alert,
    monitoring_end,
    monitoring_start,
    rehab_complete,
    rehab_register,
    rehab_start,
)

D = datetime.date


def _error(call, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call(**kwargs)
    return caught.value


@pytest.fixture
def home_rehab(alice, person_a, today):
    episode = rehab_register(
        actor=alice, person=person_a, kind="voluntary_home", registered_on=D(2026, 6, 1), months=6
    )
    return rehab_start(actor=alice, episode=episode, started_on=D(2026, 6, 1))


def test_monitoring_of_home_rehab_starts_on_1_july_2026_at_the_earliest(
    alice, person_a, home_rehab
):
    before = _error(
        monitoring_start,
        actor=alice,
        person=person_a,
        monitored="voluntary_home",
        started_on=D(2026, 6, 30),
        device_reference="VT-0001",
    )
    assert before.code == "monitoring_not_in_force" and "120/2025" in str(before.message)
    beyond = _error(
        monitoring_start,
        actor=alice,
        person=person_a,
        monitored="voluntary_home",
        started_on=D(2026, 7, 1),
        device_reference="VT-0001",
        planned_end=D(2026, 12, 2),
    )
    assert beyond.code == "monitoring_outside_episode"
    no_device = _error(
        monitoring_start,
        actor=alice,
        person=person_a,
        monitored="voluntary_home",
        started_on=D(2026, 7, 1),
        device_reference=" ",
    )
    assert no_device.field == "device_reference"
    monitoring = monitoring_start(
        actor=alice,
        person=person_a,
        monitored="voluntary_home",
        started_on=D(2026, 7, 1),
        device_reference="VT-0001",
    )
    assert monitoring.episode == home_rehab and monitoring.planned_end == D(2026, 12, 1)
    assert (monitoring.law_code, monitoring.citation) == ("law_120_2025", "Law 120/2025/QH15")
    again = _error(
        monitoring_start,
        actor=alice,
        person=person_a,
        monitored="voluntary_home",
        started_on=D(2026, 7, 2),
        device_reference="VT-0002",
    )
    assert again.code == "illegal_transition"
    early_alert = _error(
        monitoring_alert,
        actor=alice,
        monitoring=monitoring,
        occurred_on=D(2026, 6, 30),
        kind="zone_exit",
    )
    assert early_alert.field == "occurred_on"
    monitoring_alert(
        actor=alice, monitoring=monitoring, occurred_on=D(2026, 7, 3), kind="zone_exit"
    )
    monitoring_alert(actor=alice, monitoring=monitoring, occurred_on=D(2026, 7, 9), kind="tamper")
    assert [(a.occurred_on, a.kind) for a in monitoring.alerts.all()] == [
        (D(2026, 7, 3), "zone_exit"),
        (D(2026, 7, 9), "tamper"),
    ]
    assert person_a.events.filter(action="monitoring_alert").count() == 2
    # Completing the rehab ends the monitoring with it; post-rehab can be monitored next.
    rehab_complete(actor=alice, episode=home_rehab, completed_on=D(2026, 12, 1))
    monitoring.refresh_from_db()
    assert (monitoring.status, monitoring.ended_on) == ("ended", D(2026, 12, 1))
    post = PostRehab.objects.get()
    follow = monitoring_start(
        actor=alice,
        person=person_a,
        monitored="post_rehab",
        started_on=D(2026, 12, 2),
        device_reference="VT-0001",
    )
    assert follow.post_rehab == post and follow.planned_end == post.planned_end
    monitoring_end(actor=alice, monitoring=follow, ended_on=D(2027, 1, 4))
    assert person_a.events.filter(action="monitoring_ended").count() == 2


def test_an_episode_must_be_under_way(alice, person_a, today):
    error = _error(
        monitoring_start,
        actor=alice,
        person=person_a,
        monitored="post_rehab",
        started_on=D(2026, 7, 1),
        device_reference="VT-0001",
    )
    assert error.code == "illegal_transition" and "post-rehab" in str(error.message)


def test_monitoring_during_substitution_therapy_has_no_planned_end(alice, person_a, today):
    therapy = therapy_start(
        actor=alice, person=person_a, clinic="Cơ sở methadone", started_on=D(2026, 5, 4)
    )
    monitoring = monitoring_start(
        actor=alice,
        person=person_a,
        monitored="substitution_therapy",
        started_on=D(2026, 7, 1),
        device_reference="VT-0003",
    )
    assert monitoring.therapy == therapy and monitoring.planned_end is None
    therapy_stop(actor=alice, therapy=therapy, stopped_on=D(2026, 9, 1), reason="left")
    assert ElectronicMonitoring.objects.get().ended_on == D(2026, 9, 1)
