"""Security pages name users, requests and tokens, never a person's record: administrators
only (everyone else gets 404), and a user's own tokens."""

from typing import Any

from pcmt.accounts.models import DataRole, User
from pcmt.security.services import api_token_create, privileges_change, privileges_of

WRITE_ROUTES: set[str] = set()
PERSON_PARAMS: set[str] = set()


def build(context: dict[str, Any]) -> dict[str, Any]:
    officer = context["officer"]
    admin = User.objects.create(username="matrix-admin", is_staff=True)
    newcomer = User.objects.create(username="matrix-newcomer")
    request = privileges_change(
        actor=admin,
        user=newcomer,
        new={
            **privileges_of(newcomer),
            "agency": officer.agency_id,
            "data_role": DataRole.OFFICER,
        },
    )
    assert request is not None
    token, _key = api_token_create(actor=officer, name="matrix")
    return {"request_pk": request.pk, "user_pk": newcomer.pk, "token_pk": token.pk}
