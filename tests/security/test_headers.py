import re
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import reverse

from pcmt.accounts.models import LoginEvent
from pcmt.security.proxies import forwarded_client
from tests.conftest import PASSWORD

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def test_pages_carry_a_strict_content_security_policy(client, alice):
    client.force_login(alice)
    policy = client.get(reverse("person_list"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_no_template_has_an_inline_script_handler_or_style():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            offenders.append(f"{path}: inline <script>")
        if re.search(r"\son[a-z]+\s*=", text):
            offenders.append(f"{path}: inline event handler")
        if re.search(r"\sstyle\s*=", text) or "<style" in text:
            offenders.append(f"{path}: inline style")
    assert not offenders


def test_pages_and_api_answers_with_personal_data_are_not_stored(client, alice, person_a):
    client.force_login(alice)
    for url in (
        reverse("person_detail", kwargs={"pk": person_a.pk}),
        reverse("api_person_detail", kwargs={"pk": person_a.pk}),
    ):
        assert "no-store" in client.get(url)["Cache-Control"]


def test_the_api_docs_have_no_inline_script(client, alice):
    client.force_login(alice)
    body = client.get(reverse("api_docs")).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body)


def test_a_forwarded_address_is_ignored_from_an_unknown_peer(alice, settings):
    settings.PCMT_TRUSTED_PROXIES = ["10.0.0.1"]
    Client(REMOTE_ADDR="203.0.113.9").post(
        reverse("login"),
        {"username": "alice", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert LoginEvent.objects.get().ip_address == "203.0.113.9"


def test_a_forwarded_address_is_believed_from_a_configured_proxy(alice, settings):
    settings.PCMT_TRUSTED_PROXIES = ["10.0.0.0/8"]
    Client(REMOTE_ADDR="10.0.0.1").post(
        reverse("login"),
        {"username": "alice", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7, 10.0.0.2",
    )
    assert LoginEvent.objects.get().ip_address == "198.51.100.7"


def test_the_client_is_the_first_address_not_a_proxy(settings):
    settings.PCMT_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert forwarded_client("10.0.0.1", "spoofed, 198.51.100.7") == "198.51.100.7"
    assert forwarded_client("203.0.113.9", "198.51.100.7") == "203.0.113.9"
    assert forwarded_client("10.0.0.1", "") == "10.0.0.1"


def _production_env(tmp_path, **extra):
    return {
        "PATH": "/usr/bin:/bin",
        "PCMT_ENV": "production",
        "PCMT_VAR_DIR": str(tmp_path),
        "DJANGO_SECRET_KEY": "s" * 50,
        "PCMT_FIELD_ENCRYPTION_KEY": "k" * 44,
        "PCMT_LOOKUP_HASH_KEY": "h" * 40,
        "DATABASE_URL": "postgres://x@127.0.0.1/x",
        "DJANGO_ALLOWED_HOSTS": "pcmt.example",
        **extra,
    }


def _production_settings(tmp_path, **extra):
    env = _production_env(tmp_path, **extra)
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='pcmt.settings'; django.setup();"
        "from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE,"
        " s.PCMT_REQUIRE_2FA)"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    return result.stdout.split()


def test_production_redirects_to_https_with_hsts_and_requires_2fa(tmp_path):
    assert _production_settings(tmp_path) == ["True", "31536000", "True", "True"]


def test_https_can_be_left_to_the_proxy_by_an_env_var(tmp_path):
    redirect, hsts, _secure, _2fa = _production_settings(tmp_path, PCMT_HTTPS="false")
    assert redirect == "False" and hsts == "0"


def test_development_and_tests_are_plain_http_with_password_only_login():
    assert not settings.SECURE_SSL_REDIRECT and settings.SECURE_HSTS_SECONDS == 0
    assert not settings.PCMT_REQUIRE_2FA


def test_the_deployment_check_finds_no_security_issue_in_production(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        env=_production_env(tmp_path, DJANGO_SECRET_KEY=secrets.token_urlsafe(50)),
        capture_output=True,
        text=True,
        check=False,
        cwd=settings.BASE_DIR,
    )
    assert "(security." not in result.stdout + result.stderr
