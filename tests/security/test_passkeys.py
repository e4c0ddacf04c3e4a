"""Passkeys: real WebAuthn registrations and assertions made by a software authenticator
(P-256 key, 'none' attestation) and verified by py_webauthn through the services and pages."""

import hashlib
import json
import os
import struct
from typing import Any

import cbor2
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.urls import reverse
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url

from pcmt.audit.models import Event
from pcmt.core.errors import DomainError
from pcmt.security import passkeys
from pcmt.security.models import Passkey, SecurityEventKind
from pcmt.security.services import second_factor_reset
from tests.conftest import PASSWORD
from tests.security.test_second_factor import _enrol


class SoftAuthenticator:
    """One credential on a software authenticator; answers the options the server sends."""

    def __init__(self, origin: str | None = None, rp_id: str | None = None) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.sign_count = 0
        self.origin = origin or settings.PCMT_WEBAUTHN_ORIGIN
        self.rp_id = rp_id or settings.PCMT_WEBAUTHN_RP_ID

    def _client_data(self, kind: str, challenge: str) -> bytes:
        return json.dumps(
            {"type": kind, "challenge": challenge, "origin": self.origin, "crossOrigin": False}
        ).encode()

    def _rp_hash(self) -> bytes:
        return hashlib.sha256(self.rp_id.encode()).digest()

    def create(self, options: dict[str, Any]) -> dict[str, Any]:
        numbers = self.key.public_key().public_numbers()
        cose_key = cbor2.dumps(
            {
                1: 2,
                3: -7,
                -1: 1,
                -2: numbers.x.to_bytes(32, "big"),
                -3: numbers.y.to_bytes(32, "big"),
            }
        )
        auth_data = (
            self._rp_hash()
            + bytes([0x01 | 0x04 | 0x40])  # user present, user verified, credential data
            + struct.pack(">I", self.sign_count)
            + bytes(16)
            + struct.pack(">H", len(self.credential_id))
            + self.credential_id
            + cose_key
        )
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        raw_id = bytes_to_base64url(self.credential_id)
        return {
            "id": raw_id,
            "rawId": raw_id,
            "type": "public-key",
            "response": {
                "clientDataJSON": bytes_to_base64url(
                    self._client_data("webauthn.create", options["challenge"])
                ),
                "attestationObject": bytes_to_base64url(attestation),
                "transports": ["internal"],
            },
            "clientExtensionResults": {},
        }

    def get(self, options: dict[str, Any]) -> dict[str, Any]:
        self.sign_count += 1
        auth_data = self._rp_hash() + bytes([0x01 | 0x04]) + struct.pack(">I", self.sign_count)
        client_data = self._client_data("webauthn.get", options["challenge"])
        signature = self.key.sign(
            auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        raw_id = bytes_to_base64url(self.credential_id)
        return {
            "id": raw_id,
            "rawId": raw_id,
            "type": "public-key",
            "response": {
                "clientDataJSON": bytes_to_base64url(client_data),
                "authenticatorData": bytes_to_base64url(auth_data),
                "signature": bytes_to_base64url(signature),
                "userHandle": None,
            },
            "clientExtensionResults": {},
        }


@pytest.fixture
def two_factors(settings):
    settings.PCMT_REQUIRE_2FA = True
    return settings


def _post_json(client, name: str, body: dict[str, Any] | None = None, query: str = ""):
    return client.post(
        reverse(name) + query, json.dumps(body or {}), content_type="application/json"
    )


def _register(client, authenticator: SoftAuthenticator, name: str = "Máy tính cơ quan"):
    options = _post_json(client, "passkey_register_options").json()
    credential = authenticator.create(options)
    return _post_json(client, "passkey_register", {"name": name, "credential": credential})


def _events(kind: str) -> int:
    return Event.objects.filter(stream="user", action=kind).count()


# --- registration ------------------------------------------------------------------------


def test_a_user_adds_a_named_passkey_verified_by_its_attestation(client, alice):
    client.force_login(alice)
    authenticator = SoftAuthenticator()

    response = _register(client, authenticator)

    assert response.status_code == 200
    assert response.json()["redirect"] == reverse("passkey_list")
    passkey = Passkey.objects.get(user=alice)
    assert passkey.name == "Máy tính cơ quan"
    assert passkey.credential_id == bytes_to_base64url(authenticator.credential_id)
    assert passkey.transports == ["internal"] and passkey.confirmed
    event = Event.objects.get(stream="user", action=SecurityEventKind.PASSKEY_ADDED)
    assert event.subject_id == alice.pk and event.actor == alice
    assert "Máy tính cơ quan" in client.get(reverse("passkey_list")).content.decode()


def test_the_registration_challenge_answers_one_response_only(client, alice):
    client.force_login(alice)
    options = _post_json(client, "passkey_register_options").json()
    credential = SoftAuthenticator().create(options)
    body = {"name": "Khóa 1", "credential": credential}

    assert _post_json(client, "passkey_register", body).status_code == 200
    again = _post_json(client, "passkey_register", body)

    assert again.status_code == 400
    assert again.json()["code"] == "passkey_challenge_expired"
    assert Passkey.objects.filter(user=alice).count() == 1


def test_an_expired_challenge_is_refused(client, alice):
    client.force_login(alice)
    options = _post_json(client, "passkey_register_options").json()
    session = client.session
    session[passkeys.REGISTRATION]["expires"] = 0
    session.save()

    response = _post_json(
        client,
        "passkey_register",
        {"name": "Khóa", "credential": SoftAuthenticator().create(options)},
    )

    assert response.json()["code"] == "passkey_challenge_expired"
    assert not Passkey.objects.exists()


def test_a_credential_made_for_another_site_is_refused(client, alice):
    client.force_login(alice)
    response = _register(client, SoftAuthenticator(origin="https://phishing.example"))

    assert response.status_code == 400
    assert response.json()["code"] == "passkey_invalid"
    assert not Passkey.objects.exists()
    assert _events(SecurityEventKind.PASSKEY_ADDED) == 0


def test_a_passkey_needs_a_name(client, alice):
    client.force_login(alice)
    response = _register(client, SoftAuthenticator(), name="   ")

    assert response.status_code == 400
    assert response.json()["field"] == "name"
    assert response.json()["message"] == "Hãy đặt tên cho khóa truy cập."


def test_garbage_from_the_browser_is_a_400_not_a_500(client, alice):
    client.force_login(alice)
    _post_json(client, "passkey_register_options")
    bad = client.post(reverse("passkey_register"), "not json", content_type="application/json")
    assert bad.status_code == 400
    weird = _post_json(client, "passkey_register", {"name": "x", "credential": {"id": 1}})
    assert weird.status_code == 400
    _post_json(client, "passkey_login_options")
    assert _post_json(client, "passkey_login_verify", {"credential": "x"}).status_code == 400


# --- the second login step ---------------------------------------------------------------


def _enrolled_with_passkey(client, user) -> SoftAuthenticator:
    _enrol(client, user)
    authenticator = SoftAuthenticator()
    assert _register(client, authenticator).status_code == 200
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    return authenticator


def test_a_passkey_gives_the_second_factor_at_login(client, alice, two_factors):
    authenticator = _enrolled_with_passkey(client, alice)
    verify_page = client.get(reverse("second_factor_verify"), {"next": "/persons/"})
    assert "passkey-login-form" in verify_page.content.decode()
    assert client.get(reverse("person_list")).status_code == 302
    before = client.session.session_key

    options = _post_json(client, "passkey_login_options").json()
    answer = _post_json(
        client,
        "passkey_login_verify",
        {"credential": authenticator.get(options)},
        query="?next=/persons/",
    )

    assert answer.status_code == 200 and answer.json()["redirect"] == "/persons/"
    assert client.get(reverse("person_list")).status_code == 200
    assert client.session.session_key != before
    passkey = Passkey.objects.get(user=alice)
    assert passkey.sign_count == 1 and passkey.last_used_at is not None
    assert _events(SecurityEventKind.PASSKEY_USED) == 1


def test_a_forged_signature_leaves_the_session_unverified(client, alice, two_factors):
    _enrolled_with_passkey(client, alice)
    options = _post_json(client, "passkey_login_options").json()
    impostor = SoftAuthenticator()
    impostor.credential_id = base64url_to_bytes(Passkey.objects.get().credential_id)

    answer = _post_json(client, "passkey_login_verify", {"credential": impostor.get(options)})

    assert answer.status_code == 400 and answer.json()["code"] == "passkey_refused"
    assert client.get(reverse("person_list")).status_code == 302
    assert _events(SecurityEventKind.PASSKEY_USED) == 0


def test_a_replayed_assertion_is_refused(client, alice, two_factors):
    authenticator = _enrolled_with_passkey(client, alice)
    options = _post_json(client, "passkey_login_options").json()
    credential = authenticator.get(options)
    assert _post_json(client, "passkey_login_verify", {"credential": credential}).status_code == 200
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    _post_json(client, "passkey_login_options")

    replay = _post_json(client, "passkey_login_verify", {"credential": credential})

    assert replay.status_code == 400
    assert client.get(reverse("person_list")).status_code == 302


def test_a_cloned_passkey_whose_counter_does_not_grow_is_refused(client, alice, two_factors):
    authenticator = _enrolled_with_passkey(client, alice)
    options = _post_json(client, "passkey_login_options").json()
    first = _post_json(client, "passkey_login_verify", {"credential": authenticator.get(options)})
    assert first.status_code == 200
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    authenticator.sign_count = 0  # a copy of the key, behind the original's counter
    options = _post_json(client, "passkey_login_options").json()

    answer = _post_json(client, "passkey_login_verify", {"credential": authenticator.get(options)})

    assert answer.status_code == 400 and answer.json()["code"] == "passkey_refused"
    assert Passkey.objects.get(user=alice).sign_count == 1


def test_another_users_passkey_does_not_verify_alice(client, alice, bob, two_factors):
    _enrol(client, bob)
    bobs = SoftAuthenticator()
    _register(client, bobs)
    client.post(reverse("logout"))
    _enrol(client, alice)
    _register(client, SoftAuthenticator())
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    options = _post_json(client, "passkey_login_options").json()
    assert bytes_to_base64url(bobs.credential_id) not in json.dumps(options)

    answer = _post_json(client, "passkey_login_verify", {"credential": bobs.get(options)})

    assert answer.status_code == 400
    assert client.get(reverse("person_list")).status_code == 302


# --- removal and reset -------------------------------------------------------------------


def test_a_user_removes_his_own_passkey_and_nobody_elses(client, alice, bob):
    client.force_login(alice)
    _register(client, SoftAuthenticator())
    passkey = Passkey.objects.get(user=alice)
    url = reverse("passkey_remove", kwargs={"passkey_pk": passkey.pk})

    client.force_login(bob)
    assert client.post(url).status_code == 404
    assert Passkey.objects.filter(pk=passkey.pk).exists()

    client.force_login(alice)
    assert client.post(url).status_code == 302
    assert not Passkey.objects.filter(pk=passkey.pk).exists()
    assert _events(SecurityEventKind.PASSKEY_REMOVED) == 1


def test_a_second_factor_reset_also_removes_the_passkeys(client, alice, ada, two_factors):
    _enrol(client, alice)
    _register(client, SoftAuthenticator())

    second_factor_reset(actor=ada, user=alice)

    assert not Passkey.objects.filter(user=alice).exists()
    event = Event.objects.get(stream="user", action=SecurityEventKind.SECOND_FACTOR_RESET)
    assert event.changes["devices_removed"] >= 3


def test_without_configuration_there_are_no_passkeys(client, alice, settings):
    settings.PCMT_WEBAUTHN_RP_ID = ""
    client.force_login(alice)
    response = _post_json(client, "passkey_register_options")
    assert response.status_code == 400
    assert response.json()["code"] == "passkeys_unavailable"
    assert "passkey-add-form" not in client.get(reverse("passkey_list")).content.decode()


def test_the_passkey_service_refuses_to_remove_another_users_passkey(alice, bob):
    passkey = Passkey.objects.create(
        user=alice, name="x", credential_id="abc", public_key=b"k", confirmed=True
    )
    with pytest.raises(DomainError):
        passkeys.passkey_remove(actor=bob, passkey=passkey)
