"""`{% if user|may:"person_merge" %}`: pages show only the actions the user's agency does."""

from typing import Any

from django import template

from pcmt.accounts.capabilities import has_capability

register = template.Library()


@register.filter
def may(user: Any, capability: str) -> bool:
    return has_capability(user, capability)
