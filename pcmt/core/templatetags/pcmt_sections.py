"""Render a registered page section (see core/extensions.py) inside the page's context."""

from typing import Any

from django import template
from django.utils.safestring import SafeString

from pcmt.core.extensions import PersonSection

register = template.Library()


@register.simple_tag(takes_context=True)
def render_section(context: template.Context, section: PersonSection) -> SafeString:
    """The section's template sees the page's context, its own values by name, and `section`."""
    page: Any = context.template  # set while a template renders this tag
    found: Any = page.engine.get_template(section.template)
    with context.push(**section.context, section=section.context):
        rendered: SafeString = found.render(context)
    return rendered
