import pytest
from django.urls import reverse
from django.utils import timezone

from pcmt.notifications.messages import Message
from pcmt.notifications.models import Notification
from pcmt.notifications.services import notify


@pytest.fixture
def api(client, alice):
    client.force_login(alice)
    return client


def test_the_list_holds_only_the_users_own_unread_first(api, alice, bob, notice):
    notify([bob], Message("bob's"))
    [read] = notify([alice], Message("already read"))
    Notification.objects.filter(pk=read.pk).update(read_at=timezone.now())
    body = api.get(reverse("api_notification_list")).json()
    assert body["count"] == 2
    assert [row["id"] for row in body["results"]] == [notice.pk, read.pk]
    assert body["results"][0]["unread"] is True and body["results"][0]["url"] == notice.url


def test_the_unread_filter(api, alice, notice):
    [read] = notify([alice], Message("already read"))
    Notification.objects.filter(pk=read.pk).update(read_at=timezone.now())
    body = api.get(reverse("api_notification_list"), {"unread": "true"}).json()
    assert [row["id"] for row in body["results"]] == [notice.pk]


def test_mark_one_read(api, notice):
    url = reverse("api_notification_read", kwargs={"notification_pk": notice.pk})
    response = api.post(url)
    assert response.status_code == 200 and response.json()["unread"] is False
    notice.refresh_from_db()
    first = notice.read_at
    assert first is not None
    api.post(url)
    notice.refresh_from_db()
    assert notice.read_at == first, "reading again keeps the first time"


def test_others_cannot_mark_a_notification_read(client, bob, notice):
    client.force_login(bob)
    url = reverse("api_notification_read", kwargs={"notification_pk": notice.pk})
    assert client.post(url).status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_mark_all_read_counts_and_keeps_to_the_user(api, alice, bob):
    notify([alice, bob], Message("both"))
    notify([alice], Message("hers"))
    response = api.post(reverse("api_notification_read_all"))
    assert response.json() == {"marked": 2}
    assert Notification.objects.get(user=bob).read_at is None
    assert api.post(reverse("api_notification_read_all")).json() == {"marked": 0}


def test_anonymous_callers_are_refused(client, notice):
    assert client.get(reverse("api_notification_list")).status_code in (401, 403)
