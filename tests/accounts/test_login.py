import subprocess
import sys

import pytest
from django.urls import reverse

from pcmt.accounts.models import LoginEvent, LoginEventKind
from tests.conftest import PASSWORD


def test_a_login_and_a_logout_are_recorded(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    client.post(reverse("logout"))
    kinds = list(
        LoginEvent.objects.filter(user=alice).order_by("at", "pk").values_list("kind", flat=True)
    )
    assert kinds == [LoginEventKind.LOGIN, LoginEventKind.LOGOUT]


def test_a_failed_login_is_recorded_with_the_username_typed(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    assert "Wrong username or password." in response.content.decode() or (
        "Sai tên đăng nhập hoặc mật khẩu" in response.content.decode()
    )
    event = LoginEvent.objects.get(kind=LoginEventKind.FAILED)
    assert event.username == "alice" and event.user is None


def test_repeated_failures_lock_the_account_for_a_while(client, alice, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    locked = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert locked.status_code == 429
    assert not LoginEvent.objects.filter(kind=LoginEventKind.LOGIN).exists()


def test_a_logged_in_user_sees_his_agency_on_the_home_page(client, alice):
    client.force_login(alice)
    assert alice.agency.name in client.get(reverse("home")).content.decode()


def test_the_admin_site_is_for_administrators_only(client, alice, admin_user):
    client.force_login(alice)
    assert client.get("/admin/").status_code == 302
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200


def test_the_admin_site_registers_no_personal_data():
    from django.contrib import admin

    labels = {model._meta.app_label for model in admin.site._registry}
    assert "persons" not in labels


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "PCMT_FIELD_ENCRYPTION_KEY"])
def test_production_refuses_to_start_without_real_secrets(missing, tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "PCMT_ENV": "production",
        "PCMT_VAR_DIR": str(tmp_path),
        "DJANGO_SECRET_KEY": "s" * 50,
        "PCMT_FIELD_ENCRYPTION_KEY": "k" * 44,
        "PCMT_LOOKUP_HASH_KEY": "h" * 40,
        "DATABASE_URL": "postgres://x@127.0.0.1/x",
        "DJANGO_ALLOWED_HOSTS": "pcmt.example",
    }
    env.pop(missing)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']="
            "'pcmt.settings'; django.setup()",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert missing in result.stderr


def test_development_generates_its_secrets_into_a_private_file(tmp_path):
    from pcmt.env import dev_secrets

    secrets = dev_secrets(tmp_path / "dev-secrets.json")
    assert secrets == dev_secrets(tmp_path / "dev-secrets.json")
    assert oct((tmp_path / "dev-secrets.json").stat().st_mode)[-3:] == "600"
