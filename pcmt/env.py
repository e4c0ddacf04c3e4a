"""Settings read from the environment; every helper fails loudly on bad values."""

import base64
import json
import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    """Return the variable, or the default; no default means it is required."""
    value = os.environ.get(name)
    if value is None:
        if default is None:
            raise ImproperlyConfigured(f"Environment variable {name} is required")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def _new_fernet_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def dev_secrets(path: Path) -> dict[str, str]:
    """Load the development secrets, generating them on first run (the file is git-ignored)."""
    if path.exists():
        data: dict[str, str] = json.loads(path.read_text())
        return data
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEY": _new_fernet_key(),
        "LOOKUP_HASH_KEY": secrets.token_urlsafe(32),
    }
    # Several processes may start at once (test workers, server and task worker): the first
    # file to land wins and every process reads that one.
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    draft.write_text(json.dumps(data, indent=2))
    draft.chmod(0o600)
    try:
        os.link(draft, path)
    except FileExistsError:
        data = json.loads(path.read_text())
    finally:
        draft.unlink()
    return data


def require_production_secret(name: str, value: str | None, min_length: int = 32) -> str:
    """Production refuses to start without a real, long enough secret."""
    if not value or len(value) < min_length:
        raise ImproperlyConfigured(
            f"{name} must be set to a real secret of at least {min_length} characters in production"
        )
    return value
