"""Add a passkey, then give it at the second login step, in Chromium with a virtual
authenticator (Chrome DevTools Protocol) answering the WebAuthn ceremonies."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from pcmt.audit.models import Event
from pcmt.security.models import Passkey, SecurityEventKind
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _password_step(page, url: str) -> None:
    page.goto(f"{url}/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/login/verify/*")


def test_an_officer_adds_a_passkey_and_logs_in_with_it(live_server, page, alice, settings):
    assert live_server.url.startswith("http://localhost:")  # a secure context for WebAuthn
    settings.PCMT_REQUIRE_2FA = True
    settings.PCMT_WEBAUTHN_RP_ID = "localhost"
    settings.PCMT_WEBAUTHN_ORIGIN = live_server.url
    device = TOTPDevice.objects.create(user=alice, name="PCMT", confirmed=True)
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )

    # the first login with the authenticator app, then the passkey is added and named
    _password_step(page, live_server.url)
    expect(page.locator("#passkey-login-form")).to_have_count(0)
    page.fill("#id_token", _code(device))
    page.click("#verify-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/account/security/")
    page.click("#passkeys-link a")
    page.fill("#id_passkey_name", "Máy tính cơ quan")
    page.click("#passkey-add-form button[type=submit]")
    expect(page.locator(".messages .msg-success")).to_contain_text("Đã thêm khóa truy cập")
    expect(page.locator("#passkeys")).to_contain_text("Máy tính cơ quan")
    assert Passkey.objects.filter(user=alice, name="Máy tính cơ quan").count() == 1

    # the next login: the passkey instead of the code
    page.click("header form[action='/logout/'] button")
    _password_step(page, live_server.url)
    page.click("#passkey-login")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/persons/")
    expect(page).to_have_url(f"{live_server.url}/persons/")

    passkey = Passkey.objects.get(user=alice)
    assert passkey.last_used_at is not None
    assert Event.objects.filter(
        stream="user", action=SecurityEventKind.PASSKEY_USED, subject_id=alice.pk
    ).exists()

    # removed, it no longer vouches for this session: the code is asked again
    page.goto(f"{live_server.url}/account/passkeys/")
    page.click("#passkeys tr.passkey button[type=submit]")
    page.wait_for_url(f"{live_server.url}/login/verify/*")
    assert not Passkey.objects.filter(user=alice).exists()
    expect(page.locator("#passkey-login-form")).to_have_count(0)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # the same code again
    page.fill("#id_token", _code(device))
    page.click("#verify-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/account/passkeys/")
    expect(page.locator("#passkeys")).to_contain_text("Chưa có khóa truy cập nào")
