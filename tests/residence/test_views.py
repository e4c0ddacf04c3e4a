"""Move pages: the person-page section, the list of moves, the look-up at the new commune."""

import datetime

import pytest
from django.urls import reverse

from pcmt.notifications.models import Notification
from pcmt.residence.models import MoveStatus, ResidenceMove
from pcmt.residence.services import move_accept, move_notify

D = datetime.date


def _page(client, user, person):
    client.force_login(user)
    response = client.get(reverse("person_detail", kwargs={"pk": person.pk}))
    assert response.status_code == 200
    return response.content.decode()


def test_the_sender_records_a_move_by_commune_code_and_notifies(client, alice, person_a, commune_b):
    client.force_login(alice)
    response = client.post(
        reverse("move_add", kwargs={"pk": person_a.pk}),
        {"to_commune": "00008", "new_address": "5 Hoàng Hoa Thám", "moved_on": "01/07/2026"},
    )
    assert response.status_code == 302
    move = ResidenceMove.objects.get()
    assert (move.to_commune, move.status, move.law_code) == (
        commune_b,
        MoveStatus.RECORDED,
        "law_120_2025",
    )
    client.post(reverse("move_notify", kwargs={"move_pk": move.pk}))
    assert ResidenceMove.objects.get().status == MoveStatus.NOTIFIED


def test_the_receiving_commune_can_be_typed_by_name(client, alice, person_a, commune_b):
    client.force_login(alice)
    client.post(
        reverse("move_add", kwargs={"pk": person_a.pk}),
        {"to_commune": "Phường Ngọc Hà", "new_address": "x", "moved_on": "01/07/2026"},
    )
    assert ResidenceMove.objects.get().to_commune == commune_b


@pytest.mark.parametrize(
    "data",
    [
        {"to_commune": "99999", "new_address": "x", "moved_on": "01/07/2026"},
        {"to_commune": "Không Tồn Tại", "new_address": "x", "moved_on": "01/07/2026"},
        {"to_commune": "00008", "new_address": "x", "moved_on": "31/02/2026"},
        {"to_commune": "00008", "new_address": "x", "moved_on": "01/07/2099"},
        {"to_commune": "00004", "new_address": "x", "moved_on": "01/07/2026"},
    ],
)
def test_bad_input_is_reported_never_a_500(client, alice, person_a, commune_b, data):
    client.force_login(alice)
    response = client.post(reverse("move_add", kwargs={"pk": person_a.pk}), data, follow=True)
    assert response.status_code == 200
    assert not ResidenceMove.objects.exists()
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_the_receiver_accepts_from_the_person_page(
    client, alice, bob, person_a, commune_b, move_of
):
    move = move_of(commune_b, D(2026, 7, 1))
    move_notify(actor=alice, move=move)
    page = _page(client, bob, person_a)
    assert reverse("move_accept", kwargs={"move_pk": move.pk}) in page
    assert reverse("move_cancel", kwargs={"move_pk": move.pk}) not in page
    response = client.post(
        reverse("move_accept", kwargs={"move_pk": move.pk}), {"reported_on": "02/07/2026"}
    )
    assert response["Location"] == reverse("person_detail", kwargs={"pk": person_a.pk})
    assert ResidenceMove.objects.get().status == MoveStatus.ACCEPTED


def test_a_refusal_sends_the_receiver_back_to_the_list(
    client, alice, bob, person_a, commune_b, move_of
):
    move = move_of(commune_b, D(2026, 7, 1))
    move_notify(actor=alice, move=move)
    client.force_login(bob)
    response = client.post(
        reverse("move_refuse", kwargs={"move_pk": move.pk}), {"reason": "Sai địa chỉ"}
    )
    assert response["Location"] == reverse("move_list")
    assert ResidenceMove.objects.get().status == MoveStatus.REFUSED


def test_the_sender_cannot_accept_through_the_page(client, alice, person_a, commune_b, move_of):
    move = move_of(commune_b, D(2026, 7, 1))
    move_notify(actor=alice, move=move)
    client.force_login(alice)
    response = client.post(
        reverse("move_accept", kwargs={"move_pk": move.pk}), {"reported_on": "02/07/2026"}
    )
    assert response.status_code == 404


@pytest.fixture
def moved_out(alice, bob, person_a, commune_b, move_of):
    move = move_of(commune_b, D(2026, 7, 1))
    move_notify(actor=alice, move=move)
    move_accept(actor=bob, move=move, reported_on=D(2026, 7, 1))
    return person_a


def test_the_moves_section_is_read_only_for_the_sender_after_the_takeover(client, alice, moved_out):
    page = _page(client, alice, moved_out)
    assert 'id="moves-read-only"' in page
    assert 'id="add-move"' not in page
    assert reverse("move_add", kwargs={"pk": moved_out.pk}) not in page


def test_the_person_page_shows_no_write_form_to_the_sender_after_the_takeover(
    client, alice, moved_out
):
    page = _page(client, alice, moved_out)
    assert reverse("person_edit", kwargs={"pk": moved_out.pk}) not in page
    assert reverse("drug_test_add", kwargs={"pk": moved_out.pk}) not in page
    assert reverse("person_category_add", kwargs={"pk": moved_out.pk}) not in page


def test_the_new_managing_commune_gets_the_forms(client, bob, moved_out):
    page = _page(client, bob, moved_out)
    assert 'id="moves-read-only"' not in page
    assert 'id="add-move"' in page


def test_the_list_shows_moves_out_and_in(client, alice, bob, carol, person_a, commune_b, move_of):
    move = move_of(commune_b, D(2026, 7, 1))
    client.force_login(alice)
    assert (
        person_a.full_name in client.get(reverse("move_list") + "?direction=out").content.decode()
    )
    client.force_login(bob)
    assert person_a.full_name not in client.get(reverse("move_list")).content.decode()
    move_notify(actor=alice, move=move)
    assert person_a.full_name in client.get(reverse("move_list") + "?direction=in").content.decode()
    client.force_login(carol)
    assert person_a.full_name not in client.get(reverse("move_list")).content.decode()


# --- the look-up ----------------------------------------------------------------------------


def test_a_lookup_without_match_reveals_nothing(client, bob, person_a):
    client.force_login(bob)
    page = client.post(reverse("move_lookup"), {"id_number": "001088012346"}).content.decode()
    assert 'id="lookup-none"' in page
    assert 'id="lookup-result"' not in page and 'id="arrival-form"' not in page
    assert (
        person_a.full_name not in page
        and "Ba Đình" not in page.split('<main id="main" tabindex="-1">')[1]
    )


def test_a_lookup_with_a_match_shows_only_name_birth_year_and_sending_commune(
    client, bob, person_a
):
    client.force_login(bob)
    page = client.post(reverse("move_lookup"), {"id_number": "0010-8801-2345"}).content.decode()
    assert 'id="lookup-result"' in page
    assert person_a.full_name in page and "1988" in page and "Ba Đình" in page
    main = page.split('<main id="main" tabindex="-1">')[1]
    for secret in ("0912345678", "04/03/1988", "Drug user", f"/persons/{person_a.pk}/"):
        assert secret not in main


def test_a_malformed_number_is_a_field_error(client, bob):
    client.force_login(bob)
    response = client.post(reverse("move_lookup"), {"id_number": "12345"})
    assert response.status_code == 200
    assert response.context["form"].errors["id_number"]


def test_readers_who_cannot_write_cannot_look_up(client, sam):
    client.force_login(sam)
    assert client.post(reverse("move_lookup"), {"id_number": "001088012345"}).status_code == 404


def test_an_arrival_opened_from_the_lookup_tells_the_sender(
    client, alice, bob, person_a, commune_b
):
    client.force_login(bob)
    response = client.post(
        reverse("move_arrival_add"),
        {
            "id_number": "001088012345",
            "to_commune": commune_b.pk,
            "new_address": "3 Liễu Giai",
            "moved_on": "01/07/2026",
            "moved_time": "07:00",
            "reported_on": "01/07/2026",
            "reported_time": "18:00",
        },
    )
    assert response.status_code == 302
    move = ResidenceMove.objects.get()
    assert move.status == MoveStatus.REPORTED and not move.reported_late
    assert Notification.objects.filter(user=alice, person=person_a).exists()


def test_an_arrival_with_a_report_before_the_move_shows_the_field_error(
    client, bob, person_a, commune_b
):
    client.force_login(bob)
    response = client.post(
        reverse("move_arrival_add"),
        {
            "id_number": "001088012345",
            "to_commune": commune_b.pk,
            "new_address": "x",
            "moved_on": "05/07/2026",
            "reported_on": "01/07/2026",
        },
    )
    assert response.status_code == 400
    assert response.context["arrival"].errors["reported_on"]
    assert not ResidenceMove.objects.exists()
