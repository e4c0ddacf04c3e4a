"""`{{ stream|stream_name }}`, `{{ name|field_name }}` and `{{ value|coded:name }}`: logged
subjects, fields and codes by their names."""

from typing import Any

from django import template

from pcmt.audit.labels import field_label, stream_label, value_label

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
