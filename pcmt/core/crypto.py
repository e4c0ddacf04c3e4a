"""Field encryption (Fernet) and keyed hashes for exact look-up of encrypted values."""

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


@cache
def _fernet(keys: str) -> MultiFernet:
    # Several comma-separated keys allow rotation: the first encrypts, all decrypt.
    return MultiFernet([Fernet(key.strip().encode()) for key in keys.split(",") if key.strip()])


def encrypt(value: str) -> str:
    """Encrypt a non-empty string; the empty string stays empty."""
    if not value:
        return ""
    return _fernet(settings.FIELD_ENCRYPTION_KEY).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet(settings.FIELD_ENCRYPTION_KEY).decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("cannot decrypt: wrong PCMT_FIELD_ENCRYPTION_KEY?") from exc


def rotate(token: str) -> str:
    """The same value encrypted under the first key (key rotation); "" stays ""."""
    if not token:
        return ""
    return _fernet(settings.FIELD_ENCRYPTION_KEY).rotate(token.encode()).decode()


def lookup_hash(kind: str, value: str) -> str:
    """Keyed hash of a normalised value; the kind keeps ID and phone hashes apart."""
    if not value:
        return ""
    message = f"{kind}:{value}".encode()
    return hmac.new(settings.LOOKUP_HASH_KEY.encode(), message, hashlib.sha256).hexdigest()


def keyring() -> MultiFernet:
    """The field keys, for other encrypted things (files): the first encrypts, all decrypt."""
    return _fernet(settings.FIELD_ENCRYPTION_KEY)


# Digits shown of an ID number or phone on screen and in the API until revealed.
VISIBLE_TAIL = 4


def mask_tail(value: str, visible: int = VISIBLE_TAIL, fill: str = "•") -> str:
    """A secret as shown by default: only its last `visible` characters, the rest as `fill`
    (dots on screen; printed documents use "x", which every font has)."""
    value = (value or "").strip()
    if not value:
        return ""
    return fill * max(len(value) - visible, 0) + value[-visible:]
