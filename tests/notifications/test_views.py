import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from pcmt.notifications.messages import Message
from pcmt.notifications.models import Notification
from pcmt.notifications.services import notify
from pcmt.notifications.views import PAGE_SIZE


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_list_shows_time_message_and_link(alice_client, notice):
    Notification.objects.filter(pk=notice.pk).update(
        created_at=datetime.datetime(2026, 3, 4, 1, 5, tzinfo=datetime.UTC)
    )
    body = alice_client.get(reverse("notification_list")).content.decode()
    assert "04/03/2026 08:05" in body  # Asia/Ho_Chi_Minh, dd/mm/yyyy HH:MM
    assert "Decision due for Trần Văn Bình" in body
    assert reverse("notification_open", kwargs={"notification_pk": notice.pk}) in body


def test_unread_come_first_and_the_list_is_paginated(alice_client, alice):
    notifications = [notify([alice], Message(f"notice {i}"))[0] for i in range(PAGE_SIZE + 2)]
    oldest = notifications[0]
    Notification.objects.exclude(pk=oldest.pk).update(read_at=timezone.now())
    first = alice_client.get(reverse("notification_list"))
    page = first.context["page"]
    assert page[0].pk == oldest.pk
    assert len(page) == PAGE_SIZE and page.paginator.num_pages == 2
    second = alice_client.get(reverse("notification_list"), {"page": "2"})
    assert len(second.context["page"]) == 2


def test_following_a_notification_marks_it_read_and_goes_to_its_page(
    alice_client, notice, person_url
):
    response = alice_client.get(reverse("notification_open", kwargs={"notification_pk": notice.pk}))
    assert response.status_code == 302 and response["Location"] == person_url
    notice.refresh_from_db()
    assert notice.read_at is not None


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/phish",
        "//evil.example/phish",
        "///evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
        "persons/1/",
        "http://testserver/persons/1/",
    ],
)
def test_it_refuses_to_follow_a_link_off_the_site(alice_client, alice, url):
    [notice] = notify([alice], Message("odd link"), url=url)
    response = alice_client.get(reverse("notification_open", kwargs={"notification_pk": notice.pk}))
    assert response.status_code == 302
    assert response["Location"] == reverse("notification_list")
    assert _messages(response)
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_other_users_notifications_are_not_found(client, bob, notice):
    client.force_login(bob)
    url = reverse("notification_open", kwargs={"notification_pk": notice.pk})
    assert client.get(url).status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None
    assert notice.message not in client.get(reverse("notification_list")).content.decode()


def test_a_missing_notification_is_not_found(alice_client):
    url = reverse("notification_open", kwargs={"notification_pk": 999999})
    assert alice_client.get(url).status_code == 404


def test_mark_all_read_touches_only_the_users_own(alice_client, alice, bob):
    notify([alice, bob], Message("two of them"))
    notify([alice], Message("another"))
    assert alice_client.get(reverse("notification_read_all")).status_code == 405
    response = alice_client.post(reverse("notification_read_all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(user=alice, read_at__isnull=True).exists()
    assert Notification.objects.get(user=bob).read_at is None


def test_the_nav_badge_counts_unread_notifications(alice_client, alice, bob):
    notify([alice], Message("one"))
    notify([alice], Message("two"))
    notify([bob], Message("not hers"))
    Notification.objects.filter(user=alice, msgid="one").update(read_at=timezone.now())
    body = alice_client.get(reverse("home")).content.decode()
    assert 'id="notification-badge">1<' in body


def test_no_badge_without_unread_notifications(alice_client, alice):
    notify([alice], Message("read"))
    Notification.objects.update(read_at=timezone.now())
    body = alice_client.get(reverse("home")).content.decode()
    assert 'id="nav-notifications"' in body and "notification-badge" not in body


def test_the_badge_costs_one_query(alice_client, alice, django_assert_num_queries, rf):
    from pcmt.notifications.context_processors import unread_notifications

    notify([alice], Message("one"))
    request = rf.get("/")
    request.user = alice
    context = unread_notifications(request)
    with django_assert_num_queries(1):
        assert int(str(context["unread_notifications"])) == 1
        assert context["unread_notifications"]


def test_anonymous_users_get_no_count(db, rf, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    from pcmt.notifications.context_processors import unread_notifications

    request = rf.get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert unread_notifications(request) == {}
