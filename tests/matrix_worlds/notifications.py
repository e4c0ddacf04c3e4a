"""Notifications are per user, not per person: their routes name no person's record."""

from typing import Any

from django.urls import reverse

from pcmt.notifications.messages import Message
from pcmt.notifications.services import notify

WRITE_ROUTES: set[str] = set()
PERSON_PARAMS: set[str] = set()


def build(context: dict[str, Any]) -> dict[str, Any]:
    person = context["person"]
    [notice] = notify(
        [context["officer"]],
        Message("A notice about the person"),
        url=reverse("person_detail", kwargs={"pk": person.pk}),
        person=person,
    )
    return {"notification_pk": notice.pk}
