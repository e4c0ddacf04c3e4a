"""`{{ name|field_name }}` and `{{ value|coded:name }}`: logged fields and codes by their names."""

from typing import Any

from django import template

from pcmt.audit.labels import field_label, value_label

register = template.Library()


@register.filter
def field_name(name: str) -> str:
    return field_label(name)


@register.filter
def coded(value: Any, name: str) -> Any:
    named = value_label(name, value)
    return named if named is not None else value
