"""API tokens for tests: a real expiring token, through the same service the pages use."""

from typing import Any


def api_token(user: Any) -> str:
    """A fresh API token key for the user (only its hash is stored)."""
    from pcmt.security.services import api_token_create

    return api_token_create(actor=user, name="test")[1]
