"""`{{ code|law_title }}`: the title of a law version, never its code."""

from django import template

from pcmt.rules import law_title as _law_title

register = template.Library()


@register.filter
def law_title(code: str) -> str:
    return str(_law_title(code)) if code else ""
