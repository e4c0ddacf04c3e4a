import logging

import pytest
from django.core import mail

from pcmt.notifications.messages import Message
from pcmt.notifications.models import Notification
from pcmt.notifications.services import notify


@pytest.fixture
def addressed(alice, carl):
    alice.email = "alice@example.gov.vn"
    alice.save()
    return alice


def test_no_email_when_switched_off(
    settings, addressed, person_a, django_capture_on_commit_callbacks
):
    settings.PCMT_NOTIFICATION_EMAIL = False
    with django_capture_on_commit_callbacks(execute=True):
        notify([addressed], Message(f"Decision due for {person_a.full_name}"), person=person_a)
    assert mail.outbox == []


def test_email_says_only_that_a_notification_awaits(
    settings, addressed, carl, person_a, django_capture_on_commit_callbacks
):
    settings.PCMT_NOTIFICATION_EMAIL = True
    settings.PCMT_SITE_URL = "https://pcmt.example.gov.vn/"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(
            [addressed, carl], Message(f"Decision due for {person_a.full_name}"), person=person_a
        )
        assert mail.outbox == [], "nothing is sent before the write commits"
    assert len(callbacks) == 1
    [message] = mail.outbox  # carl has no address
    assert message.to == ["alice@example.gov.vn"]
    text = message.subject + message.body
    assert "https://pcmt.example.gov.vn/notifications/" in text
    for part in person_a.full_name.split():
        assert part not in text


def test_a_failing_mail_server_is_logged_and_keeps_the_notification(
    settings, addressed, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    settings.PCMT_NOTIFICATION_EMAIL = True

    def refuse(self, messages):
        raise OSError("connection refused")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    with (
        caplog.at_level(logging.ERROR, logger="pcmt.notifications.services"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        created = notify([addressed], Message("something"))
    assert created and Notification.objects.filter(pk=created[0].pk).exists()
    assert "failed" in caplog.text


def test_a_repeated_key_sends_no_second_email(
    settings, addressed, django_capture_on_commit_callbacks
):
    settings.PCMT_NOTIFICATION_EMAIL = True
    with django_capture_on_commit_callbacks(execute=True):
        notify([addressed], Message("once"), key="k1")
        notify([addressed], Message("once"), key="k1")
    assert len(mail.outbox) == 1
