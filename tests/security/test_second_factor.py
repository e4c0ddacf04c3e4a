import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pcmt.audit.models import Event
from pcmt.security.models import SecurityEventKind
from pcmt.security.services import second_factor_reset
from tests.conftest import PASSWORD


@pytest.fixture
def two_factors(settings):
    settings.PCMT_REQUIRE_2FA = True
    return settings


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _enrol(client, user):
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    client.get(reverse("second_factor_setup"))
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("second_factor_setup"), {"token": _code(device), "next": "/"})
    return device, response


def test_a_user_with_a_data_role_is_sent_to_enrol_after_his_password(client, alice, two_factors):
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second_factor_setup"))
    assert client.get(reverse("home"))["Location"].startswith(reverse("second_factor_setup"))


def test_the_enrolment_page_draws_the_qr_code_on_the_server(client, alice, two_factors):
    client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    body = client.get(reverse("second_factor_setup")).content.decode()
    assert "<svg" in body and "totp-secret" in body
    assert "<script" not in body.split('<main id="main" tabindex="-1">')[1]


def test_enrolment_shows_recovery_codes_once_and_opens_the_pages(client, alice, two_factors):
    _device, response = _enrol(client, alice)
    body = response.content.decode()
    assert "recovery-codes" in body
    assert StaticToken.objects.filter(device__user=alice).count() == 10
    assert client.get(reverse("home")).status_code == 200
    assert Event.objects.filter(
        stream="user", action=SecurityEventKind.SECOND_FACTOR_ENROLLED
    ).exists()


def test_the_session_key_changes_at_the_second_step(client, alice, two_factors):
    client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    before = client.session.session_key
    client.get(reverse("second_factor_setup"))
    device = TOTPDevice.objects.get(user=alice)
    client.post(reverse("second_factor_setup"), {"token": _code(device)})
    assert client.session.session_key != before


def test_an_enrolled_user_gives_his_code_after_the_password(client, alice, two_factors):
    device, _ = _enrol(client, alice)
    client.post(reverse("logout"))
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # the same code again
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response["Location"].startswith(reverse("second_factor_verify"))
    assert client.get(reverse("person_list")).status_code == 302
    wrong = client.post(reverse("second_factor_verify"), {"token": "000000"})
    assert wrong.status_code == 200
    device.refresh_from_db()
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    ok = client.post(reverse("second_factor_verify"), {"token": _code(device), "next": "/persons/"})
    assert ok.status_code == 302 and ok["Location"] == "/persons/"
    assert client.get(reverse("person_list")).status_code == 200


def test_a_recovery_code_works_once(client, alice, two_factors):
    _enrol(client, alice)
    code = StaticToken.objects.filter(device__user=alice).first().token
    for expected in (302, 200):
        client.post(reverse("logout"))
        client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
        assert client.post(reverse("second_factor_verify"), {"token": code}).status_code == expected
    assert (
        Event.objects.filter(stream="user", action=SecurityEventKind.RECOVERY_CODE_USED).count()
        == 1
    )


def test_the_api_refuses_a_session_without_the_second_factor(client, alice, two_factors):
    client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    response = client.get(reverse("api_person_list"))
    assert response.status_code == 401
    assert response.json()["code"] == "second_factor_required"


def test_a_user_without_data_role_logs_in_with_his_password_only(client, olga, two_factors):
    client.post(reverse("login"), {"username": "olga", "password": PASSWORD})
    assert client.get(reverse("notification_list")).status_code == 200


def test_the_demo_logs_in_in_one_step_when_2fa_is_off(client, alice, settings):
    settings.PCMT_REQUIRE_2FA = False
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response["Location"] == reverse("home")


def test_an_administrator_resets_a_lost_second_factor_and_it_is_recorded(
    client, alice, ada, sol, two_factors
):
    _enrol(client, alice)
    second_factor_reset(actor=ada, user=alice)
    assert not TOTPDevice.objects.filter(user=alice).exists()
    assert not StaticToken.objects.filter(device__user=alice).exists()
    event = Event.objects.get(stream="user", action=SecurityEventKind.SECOND_FACTOR_RESET)
    assert event.actor == ada and event.subject_id == alice.pk
    assert sol.notifications.exists()
    # the reset also ended alice's sessions
    assert client.get(reverse("home")).status_code == 302


def test_nobody_resets_his_own_second_factor(ada):
    from pcmt.core.errors import DomainError

    with pytest.raises(DomainError):
        second_factor_reset(actor=ada, user=ada)


def test_the_reset_button_is_for_administrators(client, alice, ada, bob):
    client.force_login(bob)
    url = reverse("user_second_factor_reset", kwargs={"user_pk": alice.pk})
    assert client.post(url).status_code == 404
    client.force_login(ada)
    assert client.post(url).status_code == 302
