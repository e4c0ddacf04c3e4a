"""Notices are stored as a message id with parameters and shown in the reader's language."""

import datetime

from django.conf import settings
from django.urls import reverse

from pcmt.notifications.models import Notification
from pcmt.persons.models import Person
from pcmt.residence.services import move_notify, move_record


def _moved(alice, person, commune) -> None:
    move = move_record(
        actor=alice,
        person=person,
        to_commune=commune,
        new_address="Số 1",
        moved_on=datetime.date(2026, 7, 10),
    )
    move_notify(actor=alice, move=move)


def _page(client, language: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(reverse("notification_list")).content.decode()


def test_a_move_notice_reads_in_each_readers_language(client, alice, bob, person_a, commune_b):
    _moved(alice, person_a, commune_b)
    notice = Notification.objects.get(user=bob)
    assert notice.msgid.startswith("%(law)s: %(name)s (born %(year)s) moved from")
    # The name is not stored with the notice: it is read from the record when shown.
    assert "name" not in notice.params
    client.force_login(bob)
    vietnamese = _page(client, "vi")
    assert "120/2025/QH15: Trần Văn Bình (sinh năm 1988) chuyển từ Phường Ba Đình" in vietnamese
    english = _page(client, "en")
    assert "Law 120/2025: Trần Văn Bình (born 1988) moved from Phường Ba Đình" in english


def test_a_corrected_name_shows_corrected_in_old_notices(client, alice, bob, person_a, commune_b):
    _moved(alice, person_a, commune_b)
    Person.objects.filter(pk=person_a.pk).update(full_name="Trần Văn Bính")
    client.force_login(bob)
    assert "Trần Văn Bính (sinh năm 1988)" in _page(client, "vi")


def test_a_notice_without_a_message_id_shows_its_stored_text(client, alice):
    Notification.objects.create(user=alice, message="Thông báo cũ")
    client.force_login(alice)
    assert "Thông báo cũ" in _page(client, "en")
