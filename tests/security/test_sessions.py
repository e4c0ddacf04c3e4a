import time

from django.urls import reverse

from pcmt.security.services import sessions_end_everywhere
from tests.conftest import PASSWORD


def _age(client, **offsets):
    session = client.session
    for key, seconds in offsets.items():
        session[f"pcmt_{key}"] = time.time() - seconds
    session.save()


def test_a_session_ends_after_the_idle_timeout(client, alice, settings):
    settings.PCMT_SESSION_IDLE_MINUTES = 30
    client.force_login(alice)
    _age(client, seen=31 * 60)
    response = client.get(reverse("person_list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert client.get(reverse("person_list")).status_code == 302


def test_activity_keeps_the_session(client, alice, settings):
    settings.PCMT_SESSION_IDLE_MINUTES = 30
    client.force_login(alice)
    _age(client, seen=29 * 60)
    assert client.get(reverse("person_list")).status_code == 200


def test_a_session_ends_after_its_absolute_lifetime(client, alice, settings):
    settings.PCMT_SESSION_MAX_HOURS = 12
    client.force_login(alice)
    _age(client, started=12 * 3600 + 1, seen=0)
    assert client.get(reverse("person_list")).status_code == 302


def test_the_api_answers_401_when_the_session_ended(client, alice):
    client.force_login(alice)
    _age(client, seen=10 * 3600)
    response = client.get(reverse("api_person_list"))
    assert response.status_code == 401 and response.json()["code"] == "session_expired"


def test_the_session_key_changes_at_login(client, alice):
    client.get(reverse("login"))
    session = client.session
    session["x"] = 1
    session.save()
    before = session.session_key
    client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert client.session.session_key != before


def test_logging_out_everywhere_ends_the_other_sessions(client, alice):
    from django.test import Client

    other = Client()
    other.force_login(alice)
    client.force_login(alice)
    time.sleep(0.01)
    response = client.post(reverse("logout_everywhere"))
    assert response.status_code == 302
    assert other.get(reverse("person_list")).status_code == 302
    client.force_login(alice)
    assert client.get(reverse("person_list")).status_code == 200


def test_ending_sessions_of_another_user_is_recorded(alice, ada):
    from pcmt.audit.models import Event
    from pcmt.security.models import SecurityEventKind

    sessions_end_everywhere(actor=ada, user=alice)
    assert Event.objects.filter(
        stream="user", action=SecurityEventKind.SESSIONS_ENDED, subject_id=alice.pk
    ).exists()
