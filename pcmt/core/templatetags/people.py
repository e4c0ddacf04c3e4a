"""`{{ user|officer }}`: an officer as colleagues know him, by name, never by login."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def officer(user: Any) -> str:
    """The user's full name in Vietnamese order, the login name only when no name is kept,
    and a dash for no user (a step the system took)."""
    if user is None or user == "":
        return "—"
    name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return name or getattr(user, "username", "") or "—"
