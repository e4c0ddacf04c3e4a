"""Security pages name users, requests and tokens, never a person's record: administrators
only (everyone else gets 404), and a user's own tokens. An emergency access is reviewed by
the supervisors of its user's jurisdiction (sam); it is held by a colleague of bob's, so
that bob himself still reaches nothing of commune A."""

import datetime
from typing import Any

from django.utils import timezone

from pcmt.accounts.models import DataRole, User
from pcmt.security.models import EmergencyAccess
from pcmt.security.services import api_token_create, privileges_change, privileges_of

WRITE_ROUTES: set[str] = {"emergency_review"}
PERSON_PARAMS: set[str] = set()
PARAM_READERS = {"grant_pk": {"sam"}}
PARAM_WRITERS = {"grant_pk": {"sam"}}


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
    colleague = User.objects.create(
        username="matrix-colleague",
        agency=context["other_officer"].agency,
        data_role=DataRole.OFFICER,
    )
    now = timezone.now()
    grant = EmergencyAccess.objects.create(
        user=colleague,
        person=context["person"],
        reason="arrest",
        detail="Bắt giữ tại địa bàn",
        starts_at=now,
        ends_at=now + datetime.timedelta(hours=4),
    )
    return {
        "request_pk": request.pk,
        "user_pk": newcomer.pk,
        "token_pk": token.pk,
        "grant_pk": grant.pk,
    }
