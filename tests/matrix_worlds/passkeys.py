"""A passkey names its owner's credential, never a person's record: only its owner removes it."""

from typing import Any

from pcmt.security.models import Passkey

WRITE_ROUTES: set[str] = set()
PERSON_PARAMS: set[str] = set()


def build(context: dict[str, Any]) -> dict[str, Any]:
    passkey = Passkey.objects.create(
        user=context["officer"],
        name="matrix",
        credential_id="bWF0cml4LWNyZWRlbnRpYWw",  # base64url of b"matrix-credential"
        public_key=b"matrix",
        confirmed=True,
    )
    return {"passkey_pk": passkey.pk}
