"""`{{ code|law_title }}`: the title of a law version, never its code."""

from django import template

from pcmt.rules import law_title as _law_title
from pcmt.rules.citations import citation_text

register = template.Library()


@register.filter
def law_title(code: str) -> str:
    return str(_law_title(code)) if code else ""


@register.filter
def cite(citation: str) -> str:
    """A legal citation as the reader's language writes it (`pcmt.rules.citations`); a law's
    code stored in its place shows as the law's title."""
    if not citation:
        return ""
    if citation.startswith("law_"):
        return law_title(citation)
    return citation_text(citation)
