"""Support writes: who may record, which dates and which transitions the services accept."""

import datetime

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pcmt.audit.models import Event
from pcmt.casework.services import management_end
from pcmt.core.errors import DomainError, NotFound
from pcmt.persons.models import CategoryPeriod, EventAction
from pcmt.support import deadlines
from pcmt.support.models import PrisonRelease, ServiceReceived, Summons, SummonsStatus
from pcmt.support.services import (
    check_in_record,
    release_contact_record,
    release_record,
    service_record,
    summons_attendance_record,
)
from tests.support.factories import managed, summons

D = datetime.date


def _tomorrow():
    return timezone.localdate() + datetime.timedelta(days=1)


def _code(call):
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value.code


# Services received


def test_an_officer_records_a_service_and_the_event(alice, person_a):
    service = service_record(
        actor=alice,
        person=person_a,
        service_type="vocational_training",
        received_on=D(2025, 3, 1),
        provider="  Trung tâm dạy nghề quận  ",
        note="Khóa sửa xe máy",
    )
    assert service.provider == "Trung tâm dạy nghề quận"
    event = person_a.events.get(action=EventAction.SERVICE_RECEIVED)
    assert event.actor == alice and event.changes["received_on"] == [None, "2025-03-01"]


def test_the_health_department_officer_records_services_in_the_province(hana, person_a):
    service_record(
        actor=hana,
        person=person_a,
        service_type="medical_treatment",
        received_on=D(2025, 3, 1),
        provider="Bệnh viện tâm thần",
    )
    assert ServiceReceived.objects.filter(person=person_a).count() == 1


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"service_type": "massage"}, "service_type_required"),
        ({"provider": "   "}, "provider_required"),
        ({"received_on": None}, "date_in_future"),
    ],
)
def test_bad_service_input_is_refused(alice, person_a, overrides, code):
    fields = {
        "service_type": "counselling",
        "received_on": D(2025, 3, 1),
        "provider": "Hội Phụ nữ",
    }
    fields.update(overrides)
    if fields["received_on"] is None:
        fields["received_on"] = _tomorrow()
    assert _code(lambda: service_record(actor=alice, person=person_a, **fields)) == code
    assert not ServiceReceived.objects.exists()


@pytest.mark.parametrize("persona", ["bob", "sam", "ann", "olga"])
def test_only_officers_of_the_jurisdiction_record_services(request, person_a, persona):
    actor = request.getfixturevalue(persona)
    with pytest.raises(NotFound):
        service_record(
            actor=actor,
            person=person_a,
            service_type="counselling",
            received_on=D(2025, 3, 1),
            provider="x",
        )


# Prison release


def test_a_release_waits_for_first_contact_within_the_window(alice, person_a, commune_a):
    release = release_record(
        actor=alice,
        person=person_a,
        released_on=D(2025, 9, 1),
        facility="Trại giam Thanh Xuân",
        judgment="Tàng trữ trái phép chất ma túy, 2 năm",
    )
    assert release.return_commune == commune_a
    # Circular 10/2024/TT-BCA art. 8: verified within 3 working days; 1-2/9 are off.
    assert release.contact_due == D(2025, 9, 5)
    assert CategoryPeriod.objects.filter(
        person=person_a, category="released_offender", start_date=D(2025, 9, 1)
    ).exists()
    release_contact_record(actor=alice, release=release, contacted_on=D(2025, 9, 5))
    release.refresh_from_db()
    assert release.first_contact_on == D(2025, 9, 5)


def test_first_contact_is_recorded_once_and_not_before_release(alice, person_a):
    release = release_record(
        actor=alice, person=person_a, released_on=D(2025, 9, 1), facility="Trại giam"
    )
    early = lambda: release_contact_record(  # noqa: E731
        actor=alice, release=release, contacted_on=D(2025, 8, 31)
    )
    assert _code(early) == "date_before_previous_step"
    future = lambda: release_contact_record(  # noqa: E731
        actor=alice, release=release, contacted_on=_tomorrow()
    )
    assert _code(future) == "date_in_future"
    release_contact_record(actor=alice, release=release, contacted_on=D(2025, 9, 2))
    again = lambda: release_contact_record(  # noqa: E731
        actor=alice, release=release, contacted_on=D(2025, 9, 3)
    )
    assert _code(again) == "illegal_transition"


def test_a_second_release_needs_the_first_received_and_a_later_date(alice, person_a):
    first = release_record(
        actor=alice, person=person_a, released_on=D(2024, 5, 1), facility="Trại giam"
    )
    pending = lambda: release_record(  # noqa: E731
        actor=alice, person=person_a, released_on=D(2025, 5, 1), facility="Trại giam"
    )
    assert _code(pending) == "illegal_transition"
    release_contact_record(actor=alice, release=first, contacted_on=D(2024, 5, 3))
    earlier = lambda: release_record(  # noqa: E731
        actor=alice, person=person_a, released_on=D(2024, 4, 1), facility="Trại giam"
    )
    assert _code(earlier) == "date_before_previous_step"
    assert pending().released_on == D(2025, 5, 1)
    assert CategoryPeriod.objects.filter(person=person_a, category="released_offender").count() == 1


def test_a_release_in_the_future_or_without_facility_is_refused(alice, person_a):
    future = lambda: release_record(  # noqa: E731
        actor=alice, person=person_a, released_on=_tomorrow(), facility="Trại giam"
    )
    assert _code(future) == "date_in_future"
    blank = lambda: release_record(  # noqa: E731
        actor=alice, person=person_a, released_on=D(2025, 1, 1), facility=" "
    )
    assert _code(blank) == "facility_required"
    assert not PrisonRelease.objects.exists()


def test_another_commune_cannot_record_or_receive_a_release(alice, bob, person_a):
    with pytest.raises(NotFound):
        release_record(actor=bob, person=person_a, released_on=D(2025, 9, 1), facility="x")
    release = release_record(
        actor=alice, person=person_a, released_on=D(2025, 9, 1), facility="Trại giam"
    )
    with pytest.raises(NotFound):
        release_contact_record(actor=bob, release=release, contacted_on=D(2025, 9, 2))


def test_a_check_in_after_release_counts_as_the_first_contact(alice, person_a):
    release = release_record(
        actor=alice, person=person_a, released_on=D(2025, 9, 1), facility="Trại giam"
    )
    check_in_record(actor=alice, person=person_a, checked_in_on=D(2025, 9, 10), note="Trình diện")
    release.refresh_from_db()
    assert release.first_contact_on == D(2025, 9, 10)


def test_a_check_in_before_the_release_does_not_receive_it(alice, person_a):
    release = release_record(
        actor=alice, person=person_a, released_on=D(2025, 9, 1), facility="Trại giam"
    )
    check_in_record(actor=alice, person=person_a, checked_in_on=D(2025, 8, 1))
    release.refresh_from_db()
    assert release.first_contact_on is None


# Summonses


def test_a_summons_under_an_active_management(alice, person_a):
    management = managed(alice, person_a, D(2025, 10, 16))
    issued = summons(
        alice,
        person_a,
        D(2025, 11, 3),
        issued_on=D(2025, 10, 30),
        management=management,
    )
    assert issued.management == management and issued.status == SummonsStatus.PENDING
    assert issued.law_code == "law_73_2021"
    assert Event.objects.filter(action=EventAction.SUMMONS_ISSUED).count() == 1


def test_no_summons_under_an_ended_management(alice, person_a):
    management = managed(alice, person_a, D(2025, 1, 6))
    management_end(
        actor=alice, management=management, ended_on=D(2025, 6, 1), reason="dependence_determined"
    )
    code = _code(
        lambda: summons(
            alice, person_a, D(2025, 7, 3), issued_on=D(2025, 7, 1), management=management
        )
    )
    assert code == "illegal_transition"
    # Without referencing the ended management the person may still be summoned.
    assert summons(alice, person_a, D(2025, 7, 3), issued_on=D(2025, 7, 1)).management is None


def test_no_summons_under_a_management_before_its_decision_or_after_its_period(alice, person_a):
    management = managed(alice, person_a, D(2024, 6, 3))
    before = lambda: summons(  # noqa: E731
        alice, person_a, D(2024, 6, 5), issued_on=D(2024, 6, 3), management=management
    )
    assert _code(before) == "date_before_previous_step"
    after = lambda: summons(  # noqa: E731
        alice, person_a, D(2025, 6, 10), issued_on=D(2025, 6, 5), management=management
    )
    assert _code(after) == "illegal_transition"


def test_no_summons_under_another_persons_management(alice, person_a, register):
    other = register(full_name="Đinh Văn Khác", birth_year=1980)
    management = managed(alice, other, D(2025, 10, 16))
    call = lambda: summons(  # noqa: E731
        alice, person_a, D(2025, 11, 3), issued_on=D(2025, 10, 30), management=management
    )
    assert _code(call) == "management_not_of_person"


@pytest.mark.parametrize(
    ("issued", "appear", "code"),
    [
        (None, None, "date_in_future"),
        (D(2025, 10, 10), D(2025, 10, 9), "date_before_previous_step"),
        (D(2025, 10, 10), D(2026, 3, 1), "appear_too_late"),
        (D(2021, 6, 1), D(2021, 6, 3), "no_law_in_force"),
    ],
)
def test_bad_summons_dates_are_refused(alice, person_a, issued, appear, code):
    if issued is None:
        issued, appear = _tomorrow(), _tomorrow()
    call = lambda: summons(alice, person_a, appear, issued_on=issued)  # noqa: E731
    assert _code(call) == code
    assert not Summons.objects.exists()


def test_attendance_is_recorded_once_from_the_day_to_appear(alice, person_a):
    issued = summons(alice, person_a, D(2025, 10, 10), issued_on=D(2025, 10, 6))

    def attend(status, day):
        return summons_attendance_record(
            actor=alice, summons=issued, status=status, attendance_on=day
        )

    assert _code(lambda: attend("attended", D(2025, 10, 9))) == "date_before_previous_step"
    assert _code(lambda: attend("absent", D(2025, 10, 9))) == "date_before_previous_step"
    assert _code(lambda: attend("attended", _tomorrow())) == "date_in_future"
    assert _code(lambda: attend("pending", D(2025, 10, 10))) == "attendance_required"
    attend("attended", D(2025, 10, 10))
    issued.refresh_from_db()
    assert issued.status == "attended" and issued.attendance_on == D(2025, 10, 10)
    assert _code(lambda: attend("absent", D(2025, 10, 11))) == "illegal_transition"


def test_an_excuse_may_come_before_the_day_but_not_before_the_summons(alice, person_a):
    issued = summons(alice, person_a, D(2025, 10, 10), issued_on=D(2025, 10, 6))
    early = lambda: summons_attendance_record(  # noqa: E731
        actor=alice, summons=issued, status="excused", attendance_on=D(2025, 10, 5)
    )
    assert _code(early) == "date_before_previous_step"
    summons_attendance_record(
        actor=alice, summons=issued, status="excused", attendance_on=D(2025, 10, 8), note="Ốm"
    )
    issued.refresh_from_db()
    assert issued.status == "excused" and issued.attendance_note == "Ốm"


def test_a_supervisor_cannot_record_attendance(alice, sam, person_a):
    issued = summons(alice, person_a, D(2025, 10, 10), issued_on=D(2025, 10, 6))
    with pytest.raises(NotFound):
        summons_attendance_record(
            actor=sam, summons=issued, status="attended", attendance_on=D(2025, 10, 10)
        )


def test_missed_in_a_row_counts_since_the_last_attended():
    assert deadlines.missed_in_a_row([]) == 0
    assert deadlines.missed_in_a_row(["absent", "absent", "attended", "absent"]) == 2
    assert deadlines.missed_in_a_row(["absent", "excused", "absent"]) == 2
    assert deadlines.missed_in_a_row(["attended", "absent", "absent"]) == 0
    assert deadlines.missed_in_a_row(["pending", "absent"]) == 1


# Check-ins


def test_check_ins_once_a_day_never_in_the_future(alice, bob, person_a):
    check_in_record(actor=alice, person=person_a, checked_in_on=D(2025, 10, 1))
    again = lambda: check_in_record(  # noqa: E731
        actor=alice, person=person_a, checked_in_on=D(2025, 10, 1)
    )
    assert _code(again) == "check_in_exists"
    future = lambda: check_in_record(  # noqa: E731
        actor=alice, person=person_a, checked_in_on=_tomorrow()
    )
    assert _code(future) == "date_in_future"
    with pytest.raises(NotFound):
        check_in_record(actor=bob, person=person_a, checked_in_on=D(2025, 10, 2))


STEPS = st.lists(
    st.tuples(
        st.sampled_from(["issue", "attended", "absent", "excused"]),
        st.integers(0, 60),
        st.integers(-5, 20),
    ),
    max_size=8,
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(STEPS)
def test_random_summons_sequences_keep_attendance_legal(alice, register, steps):
    person = register(full_name="Quàng Văn Ngẫu", birth_year=1985)
    start = D(2025, 9, 1)
    for step, offset, delta in steps:
        day = start + datetime.timedelta(days=offset)
        pending = Summons.objects.filter(person=person, status="pending").first()
        try:
            if step == "issue":
                summons(
                    alice,
                    person,
                    day + datetime.timedelta(days=abs(delta)),
                    issued_on=day,
                )
            elif pending is not None:
                summons_attendance_record(
                    actor=alice,
                    summons=pending,
                    status=step,
                    attendance_on=pending.appear_on + datetime.timedelta(days=delta),
                )
        except DomainError:
            pass
    for item in Summons.objects.filter(person=person):
        assert item.appear_on >= item.issued_on
        if item.status == "pending":
            assert item.attendance_on is None
        else:
            assert item.attendance_on <= timezone.localdate()
            earliest = item.issued_on if item.status == "excused" else item.appear_on
            assert item.attendance_on >= earliest
    decided = person.events.filter(
        action=EventAction.ATTENDANCE, changes__has_key="summons_appear_on"
    ).count()
    assert decided == Summons.objects.filter(person=person).exclude(status="pending").count()
