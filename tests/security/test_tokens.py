import datetime

from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from pcmt.audit.models import Event
from pcmt.security.models import ApiToken, SecurityEventKind
from pcmt.security.services import api_token_create, api_token_revoke, sessions_end_everywhere


def _api(key: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return api


def test_a_token_reads_the_api(alice):
    _token, key = api_token_create(actor=alice, name="tích hợp")
    assert _api(key).get(reverse("api_person_list")).status_code == 200


def test_the_old_token_keyword_still_works(alice):
    _token, key = api_token_create(actor=alice, name="cũ")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(reverse("api_person_list")).status_code == 200


def test_only_the_hash_is_stored(alice):
    token, key = api_token_create(actor=alice, name="x")
    stored = ApiToken.objects.filter(pk=token.pk).values()[0]
    assert key not in {str(value) for value in stored.values()}
    assert len(token.key_hash) == 64


def test_a_token_expires_after_the_configured_days(alice, settings):
    settings.PCMT_API_TOKEN_DAYS = 90
    token, key = api_token_create(actor=alice, name="x")
    assert (token.expires_at - timezone.now()).days in (89, 90)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(1))
    assert _api(key).get(reverse("api_person_list")).status_code == 401


def test_a_revoked_token_is_refused_and_the_revocation_recorded(alice):
    token, key = api_token_create(actor=alice, name="x")
    api_token_revoke(actor=alice, token=token)
    assert _api(key).get(reverse("api_person_list")).status_code == 401
    assert Event.objects.filter(stream="user", action=SecurityEventKind.TOKEN_REVOKED).exists()


def test_a_wrong_token_is_refused(alice):
    assert _api("pcmt_nothing").get(reverse("api_person_list")).status_code == 401


def test_a_password_change_revokes_the_tokens(alice):
    _token, key = api_token_create(actor=alice, name="x")
    alice.set_password("Another-Horse-43")
    alice.save()
    assert _api(key).get(reverse("api_person_list")).status_code == 401


def test_logging_out_everywhere_revokes_the_tokens(alice):
    _token, key = api_token_create(actor=alice, name="x")
    sessions_end_everywhere(actor=alice, user=alice)
    assert _api(key).get(reverse("api_person_list")).status_code == 401


def test_the_account_page_shows_a_new_token_once(client, alice):
    client.force_login(alice)
    created = client.post(reverse("account_security"), {"name": "báo cáo", "days": 30})
    body = created.content.decode()
    assert "new-token" in body
    token = ApiToken.objects.get(user=alice)
    assert "new-token" not in client.get(reverse("account_security")).content.decode()
    assert (token.expires_at - timezone.now()).days in (29, 30)


def test_a_token_cannot_outlive_the_setting(client, alice, settings):
    settings.PCMT_API_TOKEN_DAYS = 90
    client.force_login(alice)
    response = client.post(reverse("account_security"), {"name": "x", "days": 400})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()


def test_a_user_revokes_only_his_own_tokens(client, alice, bob):
    token, _key = api_token_create(actor=alice, name="x")
    client.force_login(bob)
    assert client.post(reverse("token_revoke", kwargs={"token_pk": token.pk})).status_code == 404
    client.force_login(alice)
    assert client.post(reverse("token_revoke", kwargs={"token_pk": token.pk})).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_the_api_schema_and_docs_are_for_authenticated_users(client, alice):
    assert client.get(reverse("api_schema")).status_code in (401, 403)
    client.force_login(alice)
    assert client.get(reverse("api_schema")).status_code == 200
    assert client.get(reverse("api_docs")).status_code == 200


def test_the_command_prints_a_working_token_once(alice):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("create_api_token", "alice", "--days", "7", stdout=out, stderr=StringIO())
    key = out.getvalue().strip()
    assert _api(key).get(reverse("api_person_list")).status_code == 200
