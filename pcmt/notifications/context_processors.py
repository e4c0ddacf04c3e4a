"""The unread count shown in the navigation bar."""

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from pcmt.notifications.selectors import unread_count


def unread_notifications(request: HttpRequest) -> dict[str, Any]:
    """One indexed count, only for a signed-in user and only if a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
