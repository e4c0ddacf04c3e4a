"""`{{ value|masked }}`: an ID number or phone with only its last 4 digits shown."""

from django import template

from pcmt.core.crypto import mask_tail

register = template.Library()


@register.filter
def masked(value: object) -> str:
    return mask_tail(str(value or ""))
