"""Moves of residence under the law of the move date: limits, late flags, the takeover."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pcmt.core.errors import DomainError, NotFound
from pcmt.notifications.models import Notification
from pcmt.persons.models import EventAction, Person
from pcmt.residence.models import MoveStatus, ResidenceMove
from pcmt.residence.services import (
    move_accept,
    move_cancel,
    move_notify,
    move_record,
    move_refuse,
    move_report_arrival,
)
from tests.residence.conftest import at

D = datetime.date
T = datetime.time


# --- the law of the move date ---------------------------------------------------------------


def test_a_move_on_30_6_2026_falls_under_law_73_with_no_hour_limit(
    alice, bob, commune_b, move_of, clock
):
    move = move_of(commune_b, D(2026, 6, 30), T(10, 0))
    assert move.law_code == "law_73_2021"
    assert move.notify_due is None and move.report_due is None
    clock(at(20, 7, 9))  # three weeks later
    move = move_notify(actor=alice, move=move)
    assert move.status == MoveStatus.NOTIFIED and not move.notified_late
    move = move_accept(actor=bob, move=move, reported_on=D(2026, 7, 15))
    assert move.status == MoveStatus.ACCEPTED and not move.reported_late


def test_a_move_on_1_7_2026_falls_under_law_120_with_24_hour_limits(commune_b, move_of):
    move = move_of(commune_b, D(2026, 7, 1), T(10, 0))
    assert move.law_code == "law_120_2025"
    assert move.notify_due == at(2, 7, 10)
    assert move.report_due == at(2, 7, 10)


def test_a_notice_within_24_hours_is_on_time(alice, commune_b, move_of, clock):
    move = move_of(commune_b, D(2026, 7, 1), T(10, 0))
    clock(at(2, 7, 10))
    assert not move_notify(actor=alice, move=move).notified_late


def test_a_notice_after_24_hours_is_kept_and_flagged_late(alice, commune_b, move_of, clock):
    move = move_of(commune_b, D(2026, 7, 1), T(10, 0))
    clock(at(2, 7, 10, 1))
    move = move_notify(actor=alice, move=move)
    assert move.status == MoveStatus.NOTIFIED and move.notified_late
    event = move.person.events.get(action=EventAction.MOVE_NOTIFIED)
    assert "Law 120/2025" in event.note


def test_a_report_after_24_hours_is_flagged_late_on_acceptance(
    alice, bob, commune_b, move_of, clock
):
    move = move_of(commune_b, D(2026, 7, 1), T(10, 0))
    clock(at(1, 7, 12))
    move_notify(actor=alice, move=move)
    clock(at(3, 7, 8))
    late = move_accept(actor=bob, move=move, reported_on=D(2026, 7, 2), reported_time=T(10, 1))
    assert late.reported_late


def test_a_report_within_24_hours_is_on_time(alice, bob, commune_b, move_of, clock):
    move = move_of(commune_b, D(2026, 7, 1), T(10, 0))
    clock(at(1, 7, 12))
    move_notify(actor=alice, move=move)
    clock(at(3, 7, 8))
    on_time = move_accept(actor=bob, move=move, reported_on=D(2026, 7, 2), reported_time=T(10))
    assert not on_time.reported_late


def test_a_report_of_unknown_hour_the_day_after_a_move_of_unknown_hour_is_on_time(
    alice, bob, commune_b, move_of
):
    move = move_of(commune_b, D(2026, 7, 1))
    move_notify(actor=alice, move=move)
    assert not move_accept(actor=bob, move=move, reported_on=D(2026, 7, 2)).reported_late


# --- the takeover ---------------------------------------------------------------------------


def test_acceptance_passes_the_record_to_the_receiving_commune(
    alice, bob, person_a, commune_b, move_of
):
    move = move_of(commune_b, D(2026, 7, 1), new_address="9 Đội Cấn")
    move_notify(actor=alice, move=move)
    move_accept(actor=bob, move=move, reported_on=D(2026, 7, 2))
    person = Person.objects.get(pk=person_a.pk)
    assert person.managing_commune == commune_b
    assert person.managing_province_id == commune_b.parent_id
    assert person.current_commune == commune_b and person.current_address == "9 Đội Cấn"
    event = person.events.get(action=EventAction.MOVE_ACCEPTED)
    assert event.actor == bob
    assert event.changes["managing_commune_id"] == [person_a.managing_commune_id, commune_b.pk]


def test_notifying_tells_the_receiving_officers_only(
    alice, bob, carol, hana, person_a, commune_b, move_of
):
    move = move_of(commune_b, D(2026, 7, 1))
    move_notify(actor=alice, move=move)
    notice = Notification.objects.get(user=bob)
    assert notice.person == person_a
    assert notice.url == f"/persons/{person_a.pk}/"
    assert "Law 120/2025" in notice.message and person_a.full_name in notice.message
    # The province's officers are told too; another commune and the sender are not.
    assert Notification.objects.filter(user=hana).exists()
    assert not Notification.objects.filter(user__in=[alice, carol]).exists()


def test_acceptance_and_refusal_are_told_to_the_sending_officers(
    alice, bob, commune_b, move_of, register
):
    move = move_of(commune_b, D(2026, 7, 1))
    move_notify(actor=alice, move=move)
    move_accept(actor=bob, move=move, reported_on=D(2026, 7, 2))
    assert Notification.objects.filter(user=alice, key=f"move:{move.pk}:accepted").exists()
    other = register(full_name="Đỗ Văn Khải", birth_year=1991)
    second = move_of(commune_b, D(2026, 7, 1), person=other)
    move_notify(actor=alice, move=second)
    move_refuse(actor=bob, move=second, reason="Không cư trú tại địa chỉ này")
    refused = Notification.objects.get(user=alice, key=f"move:{second.pk}:refused")
    assert "Không cư trú" in refused.message


def test_refusal_leaves_the_record_with_the_sending_commune(
    alice, bob, person_a, commune_a, commune_b, move_of
):
    move = move_of(commune_b, D(2026, 7, 1))
    move_notify(actor=alice, move=move)
    move = move_refuse(actor=bob, move=move, reason="Sai địa chỉ")
    assert move.status == MoveStatus.REFUSED and move.reason == "Sai địa chỉ"
    assert Person.objects.get(pk=person_a.pk).managing_commune == commune_a


def test_a_cancelled_notified_move_is_told_to_the_receiver(alice, bob, commune_b, move_of):
    move = move_of(commune_b, D(2026, 7, 1))
    move_notify(actor=alice, move=move)
    move = move_cancel(actor=alice, move=move, reason="Nhầm người")
    assert move.status == MoveStatus.CANCELLED
    assert Notification.objects.filter(user=bob, key=f"move:{move.pk}:cancelled").exists()


def test_a_move_cancelled_before_the_notice_tells_nobody(alice, bob, commune_b, move_of):
    move = move_of(commune_b, D(2026, 7, 1))
    move_cancel(actor=alice, move=move, reason="Chưa chuyển")
    assert not Notification.objects.filter(user=bob).exists()


# --- the person reports at the new commune first ---------------------------------------------


def test_an_arrival_opened_by_the_receiver_is_told_to_the_sender_then_accepted(
    alice, bob, person_a, commune_b, clock
):
    clock(at(2, 7, 8))
    move = move_report_arrival(
        actor=bob,
        id_number="0010 8801 2345",
        to_commune=commune_b,
        moved_on=D(2026, 7, 1),
        moved_time=T(7, 0),
        new_address="3 Liễu Giai",
        reported_on=D(2026, 7, 2),
        reported_time=T(8, 0),
    )
    assert move.status == MoveStatus.REPORTED and move.person == person_a
    assert move.reported_late is True  # 25 hours after the move
    assert Notification.objects.filter(user=alice, key=f"move:{move.pk}:arrival").exists()
    move_notify(actor=alice, move=move)
    move = move_accept(actor=bob, move=move)
    assert move.status == MoveStatus.ACCEPTED and move.reported_on == D(2026, 7, 2)
    assert Person.objects.get(pk=person_a.pk).managing_commune == commune_b


def test_an_arrival_for_an_unknown_number_says_only_that_nothing_matched(bob, commune_b):
    with pytest.raises(DomainError) as error:
        move_report_arrival(
            actor=bob,
            id_number="001099999999",
            to_commune=commune_b,
            moved_on=D(2026, 7, 1),
            new_address="x",
            reported_on=D(2026, 7, 1),
        )
    assert error.value.code == "no_match"
    assert not ResidenceMove.objects.exists()


def test_an_arrival_only_for_a_commune_of_ones_own(bob, person_a, commune_c):
    with pytest.raises(DomainError) as error:
        move_report_arrival(
            actor=bob,
            id_number="001088012345",
            to_commune=commune_c,
            moved_on=D(2026, 7, 1),
            new_address="x",
            reported_on=D(2026, 7, 1),
        )
    assert error.value.code == "commune_out_of_scope"


# --- illegal transitions and bad input ------------------------------------------------------


def test_a_person_with_an_open_move_cannot_get_a_second(alice, commune_b, commune_c, move_of):
    move_of(commune_b, D(2026, 7, 1))
    with pytest.raises(DomainError) as error:
        move_of(commune_c, D(2026, 7, 2))
    assert error.value.code == "illegal_transition"


def test_after_a_cancelled_move_a_new_one_can_be_recorded(alice, commune_b, commune_c, move_of):
    move_cancel(actor=alice, move=move_of(commune_b, D(2026, 7, 1)), reason="Nhầm")
    assert move_of(commune_c, D(2026, 7, 2)).status == MoveStatus.RECORDED


def test_the_receiver_cannot_accept_before_the_notice(bob, commune_b, move_of):
    move = move_of(commune_b, D(2026, 7, 1))
    with pytest.raises(DomainError) as error:
        move_accept(actor=bob, move=move, reported_on=D(2026, 7, 1))
    assert error.value.code == "illegal_transition"


def test_each_side_acts_only_for_itself(alice, bob, carol, commune_b, move_of):
    move = move_of(commune_b, D(2026, 7, 1))
    move_notify(actor=alice, move=move)
    with pytest.raises(NotFound):
        move_accept(actor=alice, move=move, reported_on=D(2026, 7, 1))
    with pytest.raises(NotFound):
        move_cancel(actor=bob, move=move, reason="x")
    with pytest.raises(NotFound):
        move_refuse(actor=carol, move=move, reason="x")


def test_nothing_changes_a_closed_move(alice, bob, commune_b, move_of):
    move = move_of(commune_b, D(2026, 7, 1))
    move_notify(actor=alice, move=move)
    move_accept(actor=bob, move=move, reported_on=D(2026, 7, 1))
    for attempt in (
        lambda: move_notify(actor=bob, move=move),
        lambda: move_cancel(actor=bob, move=move, reason="x"),
        lambda: move_refuse(actor=bob, move=move, reason="x"),
        lambda: move_accept(actor=bob, move=move, reported_on=D(2026, 7, 1)),
    ):
        with pytest.raises(DomainError) as error:
            attempt()
        assert error.value.code == "illegal_transition"


def test_notifying_twice_is_refused(alice, commune_b, move_of):
    move = move_of(commune_b, D(2026, 7, 1))
    move_notify(actor=alice, move=move)
    with pytest.raises(DomainError) as error:
        move_notify(actor=alice, move=move)
    assert error.value.code == "illegal_transition"


@pytest.mark.parametrize(
    ("day", "code", "field"),
    [
        (D(2099, 1, 1), "date_in_future", "moved_on"),
        (D(2021, 12, 31), "no_law_in_force", "moved_on"),
    ],
)
def test_bad_move_dates_are_field_errors(commune_b, move_of, day, code, field):
    with pytest.raises(DomainError) as error:
        move_of(commune_b, day)
    assert (error.value.code, error.value.field) == (code, field)


def test_a_move_to_the_managing_commune_itself_is_a_field_error(commune_a, move_of):
    with pytest.raises(DomainError) as error:
        move_of(commune_a, D(2026, 7, 1))
    assert (error.value.code, error.value.field) == ("same_commune", "to_commune")


def test_a_report_before_the_move_is_a_field_error(alice, bob, commune_b, move_of):
    move = move_of(commune_b, D(2026, 7, 5))
    move_notify(actor=alice, move=move)
    with pytest.raises(DomainError) as error:
        move_accept(actor=bob, move=move, reported_on=D(2026, 7, 4))
    assert (error.value.code, error.value.field) == ("date_before_previous_step", "reported_on")


def test_acceptance_needs_the_report_date(alice, bob, commune_b, move_of):
    move = move_of(commune_b, D(2026, 7, 5))
    move_notify(actor=alice, move=move)
    with pytest.raises(DomainError) as error:
        move_accept(actor=bob, move=move)
    assert error.value.field == "reported_on"


def test_cancel_and_refuse_need_a_reason(alice, bob, commune_b, move_of):
    move = move_of(commune_b, D(2026, 7, 5))
    with pytest.raises(DomainError) as error:
        move_cancel(actor=alice, move=move, reason="  ")
    assert error.value.code == "reason_required"
    move_notify(actor=alice, move=move)
    with pytest.raises(DomainError):
        move_refuse(actor=bob, move=move, reason="")
    assert ResidenceMove.objects.get().status == MoveStatus.NOTIFIED


def test_a_supervisor_cannot_record_a_move(sam, person_a, commune_b):
    with pytest.raises(NotFound):
        move_record(
            actor=sam,
            person=person_a,
            to_commune=commune_b,
            moved_on=D(2026, 7, 1),
            new_address="x",
        )


# --- random sequences -----------------------------------------------------------------------

ACTIONS = ["record", "arrival", "notify", "accept", "cancel", "refuse"]
STEPS = st.lists(
    st.tuples(
        # "advance" takes the usual next step, by the side whose step it is.
        st.sampled_from(["advance"] * 4 + ACTIONS),
        st.sampled_from(["sender", "receiver", "stranger"]),
        st.sampled_from(["a", "b", "c"]),
        st.integers(0, 120),
    ),
    max_size=10,
)
# The transitions the services allow: state -> {action: next state}.
LEGAL = {
    None: {"record": "recorded", "arrival": "reported"},
    "recorded": {"notify": "notified", "cancel": "cancelled"},
    "reported": {"notify": "notified", "cancel": "cancelled", "refuse": "refused"},
    "notified": {"accept": "accepted", "cancel": "cancelled", "refuse": "refused"},
}

_serial = iter(range(10**5))


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(STEPS)
def test_random_sequences_keep_one_open_move_and_follow_the_record(
    alice, bob, carol, commune_a, commune_b, commune_c, register, steps
):
    officers = {commune_a.pk: alice, commune_b.pk: bob, commune_c.pk: carol}
    communes = {"a": commune_a, "b": commune_b, "c": commune_c}
    id_number = f"001088{next(_serial):06d}"
    person = register(full_name="Quàng Văn Ngẫu", birth_year=1988, id_number=id_number)
    start = D(2026, 6, 1)
    for action, role, where, offset in steps:
        commune = communes[where]
        day = start + datetime.timedelta(days=offset)
        person.refresh_from_db()
        move = ResidenceMove.objects.filter(person=person).order_by("-pk").first()
        if action == "advance":
            action, role = {
                "recorded": ("notify", "sender"),
                "reported": ("notify", "sender"),
                "notified": ("accept", "receiver"),
            }.get(move.status if move else "", ("record", "sender"))
        # Who acts: an officer of the managing commune, of the receiving one, or of neither.
        receiving = move.to_commune_id if move and action != "arrival" else commune.pk
        sending = person.managing_commune_id
        stranger = next(pk for pk in officers if pk not in (sending, receiving))
        actor = officers[{"sender": sending, "receiver": receiving, "stranger": stranger}[role]]
        state = move.status if move and move.is_open else None
        managing_before = person.managing_commune_id
        try:
            if action == "record":
                move_record(
                    actor=actor, person=person, to_commune=commune, moved_on=day, new_address="x"
                )
            elif action == "arrival":
                move_report_arrival(
                    actor=actor,
                    id_number=id_number,
                    to_commune=commune,
                    moved_on=day,
                    new_address="x",
                    reported_on=day,
                )
            elif move is not None and action == "notify":
                move_notify(actor=actor, move=move)
            elif move is not None and action == "accept":
                move_accept(actor=actor, move=move, reported_on=day)
            elif move is not None and action in ("cancel", "refuse"):
                service = move_cancel if action == "cancel" else move_refuse
                service(actor=actor, move=move, reason="r")
            else:
                continue
        except DomainError:
            # Refused: nothing changed.
            person.refresh_from_db()
            assert person.managing_commune_id == managing_before
            latest = ResidenceMove.objects.filter(person=person).order_by("-pk").first()
            assert (latest.status if latest else None) == (move.status if move else None)
            continue
        latest = ResidenceMove.objects.filter(person=person).order_by("-pk").first()
        assert latest is not None
        assert latest.status == LEGAL[state][action], (state, action)
        if action in ("record", "arrival"):
            assert latest.from_commune_id == managing_before
        # Only the managing commune sends or withdraws; only the receiver decides.
        acting_for = latest.to_commune if action in ("arrival", "accept", "refuse") else None
        if acting_for is not None:
            assert actor.agency.unit == acting_for
        else:
            assert actor.agency.unit.pk == managing_before
    assert (
        ResidenceMove.objects.filter(person=person, status__in=LEGAL.keys() - {None}).count() <= 1
    )
    accepted = ResidenceMove.objects.filter(person=person, status="accepted").order_by("pk").last()
    person.refresh_from_db()
    if accepted is not None:
        assert person.managing_commune == accepted.to_commune
    else:
        assert person.managing_commune == commune_a
    for move in ResidenceMove.objects.filter(person=person):
        assert move.from_commune != move.to_commune
        assert move.status != "notified" or move.notified_at is not None
    ResidenceMove.objects.filter(person=person).delete()
    Notification.objects.all().delete()
