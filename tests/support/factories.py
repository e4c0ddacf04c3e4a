"""Helpers that build support records through the services."""

import datetime
from typing import Any

from django.utils import timezone

from pcmt.casework.models import UserManagement
from pcmt.casework.services import drug_test_record, management_decision_issue
from pcmt.support.services import summons_issue

D = datetime.date


def summons(actor: Any, person: Any, appear_on: datetime.date, **overrides: Any) -> Any:
    fields: dict[str, Any] = {
        "issued_on": min(appear_on, timezone.localdate()) - datetime.timedelta(days=3),
        "appear_on": appear_on,
        "place": "Công an phường",
        "purpose": "Làm việc về việc chấp hành quản lý",
    }
    fields.update(overrides)
    return summons_issue(actor=actor, person=person, **fields)


def managed(actor: Any, person: Any, tested_on: datetime.date) -> UserManagement:
    """A person under user management decided the day after a positive test."""
    drug_test_record(
        actor=actor,
        person=person,
        tested_on=tested_on,
        place="Công an phường",
        result="positive",
        tested_by="Cán bộ",
    )
    return management_decision_issue(
        actor=actor,
        management=UserManagement.objects.get(person=person, status="awaiting_decision"),
        number="7/QĐ-UBND",
        decision_date=tested_on + datetime.timedelta(days=1),
        signer="Chủ tịch UBND",
    )
