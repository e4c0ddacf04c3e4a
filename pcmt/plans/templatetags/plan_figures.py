"""`{{ value|figure:unit }}`: an indicator's value, "no data" when there is none."""

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def figure(value: Any, unit: str) -> str:
    if value is None:
        return _("no data")
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    shown = number_format(value, use_l10n=True, force_grouping=True)
    return f"{shown} %" if unit == "percent" else shown


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)


@register.filter
def status_label(status: str) -> str:
    from pcmt.plans.selectors import STATUS_LABELS

    return str(STATUS_LABELS.get(status, status))


@register.filter
def trend_figure(value: Any, unit: str) -> str:
    """A cell of the trend: a dash where there is no value (the header says why)."""
    return "—" if value is None else figure(value, unit)
