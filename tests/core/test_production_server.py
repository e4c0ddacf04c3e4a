"""The production server: collected static files, compressed and cached, served by gunicorn."""

import json
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

GUNICORN = Path(sys.executable).parent / "gunicorn"


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "PCMT_ENV": "production",
        "PCMT_VAR_DIR": str(tmp_path),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "PCMT_FIELD_ENCRYPTION_KEY": "k" * 44,
        "PCMT_LOOKUP_HASH_KEY": "h" * 40,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "PCMT_HTTPS": "false",
        **extra,
    }


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        args, env=env, capture_output=True, text=True, check=True, cwd=settings.BASE_DIR
    )


@pytest.fixture(scope="module")
def collected(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    tmp_path = tmp_path_factory.mktemp("production")
    env = _production_env(tmp_path)
    _run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], env)
    return tmp_path, env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str, **headers: str) -> urllib.response.addinfourl:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - 127.0.0.1 only
    return urllib.request.urlopen(request, timeout=5)  # noqa: S310


def test_collectstatic_writes_hashed_names_with_compressed_copies(collected):
    tmp_path, _env = collected
    manifest = json.loads((tmp_path / "staticfiles" / "staticfiles.json").read_text())
    hashed = manifest["paths"]["pcmt/pcmt.css"]
    assert hashed != "pcmt/pcmt.css"
    assert (tmp_path / "staticfiles" / f"{hashed}.gz").exists()


def test_the_server_settings_come_from_the_environment(collected):
    _tmp_path, env = collected
    code = (
        "import runpy; c = runpy.run_path('gunicorn.conf.py');"
        "print(c['workers'], c['threads'], c['bind'], c['worker_class'])"
    )
    env = {**env, "PCMT_WEB_WORKERS": "3", "PCMT_WEB_THREADS": "5", "PCMT_WEB_BIND": "0.0.0.0:9"}
    printed = _run([sys.executable, "-c", code], env).stdout.split()
    assert printed == ["3", "5", "0.0.0.0:9", "gthread"]


def test_gunicorn_serves_static_files_compressed_and_cached_for_a_year(collected):
    tmp_path, env = collected
    port = _free_port()
    env = {**env, "PCMT_WEB_BIND": f"127.0.0.1:{port}", "PCMT_WEB_WORKERS": "1"}
    manifest = json.loads((tmp_path / "staticfiles" / "staticfiles.json").read_text())
    hashed = manifest["paths"]["pcmt/pcmt.css"]
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn and configuration
        [str(GUNICORN), "--config", "gunicorn.conf.py"],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/static/{hashed}"
        for _ in range(100):
            try:
                response = _get(url, **{"Accept-Encoding": "gzip"})
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not answer")
        assert response.status == 200
        assert response.headers["Content-Encoding"] == "gzip"
        assert "immutable" in response.headers["Cache-Control"]
        assert "max-age=315360000" in response.headers["Cache-Control"]
        with pytest.raises(urllib.error.HTTPError) as missing:
            _get(f"http://127.0.0.1:{port}/static/css/no-such-file.css")
        assert missing.value.code == 404
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_deployment_check_stays_clean_with_the_production_server_settings(tmp_path):
    env = _production_env(tmp_path, PCMT_HTTPS="true")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stderr
    output = result.stderr + result.stdout
    assert "(security." not in output
    assert "(staticfiles." not in output
