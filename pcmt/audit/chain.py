"""The hash chain of an event stream: pure functions over a row's content.

Each row's hash is HMAC-SHA256 over the canonical JSON of its content followed by the
previous row's hash, keyed by PCMT_AUDIT_KEY, so no one without the key can edit, drop or
insert a row without breaking the chain from that row on.
"""

import datetime
import hashlib
import hmac
import json
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder


def audit_key() -> bytes:
    """PCMT_AUDIT_KEY, or in development a key derived from SECRET_KEY (the deploy check warns)."""
    key = getattr(settings, "PCMT_AUDIT_KEY", "")
    if key:
        return str(key).encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"pcmt-audit-chain", hashlib.sha256).digest()


def as_json_value(value: Any) -> Any:
    """The value as it reads back from a JSON column (dates become strings, tuples lists)."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def canonical(content: dict[str, Any]) -> str:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def at_text(at: datetime.datetime) -> str:
    return at.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def content_of(
    *,
    stream: str,
    subject_id: int | None,
    seq: int,
    at: datetime.datetime,
    actor_id: int | None,
    action: str,
    changes: Any,
    sealed: str,
    law: str,
    origin: Any,
    note: str,
) -> dict[str, Any]:
    """What the hash covers: every column but the id and the hashes themselves."""
    return {
        "stream": stream,
        "subject_id": subject_id,
        "seq": seq,
        "at": at_text(at),
        "actor": actor_id,
        "action": action,
        "changes": changes,
        "sealed": sealed,
        "law": law,
        "origin": origin,
        "note": note,
    }


def digest(content: dict[str, Any], prev_hash: str, key: bytes | None = None) -> str:
    message = canonical(content).encode() + prev_hash.encode()
    return hmac.new(key or audit_key(), message, hashlib.sha256).hexdigest()
