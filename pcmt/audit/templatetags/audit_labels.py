"""`{{ stream|stream_name }}`, `{{ name|field_name }}`, `{{ value|coded:name }}` and
`{{ channel|channel_name }}`: logged subjects, fields, codes and channels by their names."""

from typing import Any

from django import template

from pcmt.audit.labels import field_label, stream_label, value_label
from pcmt.audit.origin import Channel

register = template.Library()


@register.filter
def stream_name(stream: str) -> str:
    return stream_label(stream)


@register.filter
def field_name(name: str) -> str:
    return field_label(name)


@register.filter
def coded(value: Any, name: str) -> Any:
    named = value_label(name, value)
    return named if named is not None else value


@register.filter
def channel_name(channel: str) -> str:
    """The channel a write came through, by its name ("Web pages"), not its code."""
    try:
        return str(Channel(channel).label)
    except ValueError:
        return channel
