"""Forms of the hotspot pages; the API bodies of the transitions are derived from them."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pcmt.core.dates import form_date
from pcmt.geo.models import AdminUnit
from pcmt.places.models import HotspotKind, HotspotSeverity, HotspotStatus

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _date(label: Any, required: bool = True) -> forms.DateField:
    return form_date(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )


class HotspotForm(forms.Form):
    commune = forms.ModelChoiceField(queryset=AdminUnit.objects.none(), label=_("Commune"))
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=HotspotKind.choices)
    severity = forms.ChoiceField(
        label=_("Severity"), choices=HotspotSeverity.choices, initial=HotspotSeverity.ORDINARY
    )
    discovered_on = _date(_("Discovered on"))
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    latitude = forms.DecimalField(
        label=_("Latitude"), max_digits=8, decimal_places=6, required=False
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), max_digits=9, decimal_places=6, required=False
    )
    location_override_reason = forms.CharField(
        label=_("Reason the point lies outside the commune"), max_length=300, required=False
    )
    business_name = forms.CharField(label=_("Linked business"), max_length=200, required=False)
    source = forms.CharField(label=_("Source of detection"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, communes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["commune"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            communes.order_by("name_folded") if communes is not None else AdminUnit.objects.none()
        )


class HotspotFilterForm(forms.Form):
    commune = forms.ModelChoiceField(
        queryset=AdminUnit.objects.none(), label=_("Commune"), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", "—"), *HotspotStatus.choices], required=False
    )
    severity = forms.ChoiceField(
        label=_("Severity"), choices=[("", "—"), *HotspotSeverity.choices], required=False
    )

    def __init__(self, *args: Any, communes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["commune"]
        assert isinstance(field, forms.ModelChoiceField)
        if communes is not None:
            field.queryset = communes.order_by("name_folded")


class EliminateForm(forms.Form):
    eliminated_on = _date(_("Eliminated on"))
    measures = forms.CharField(label=_("Measures taken"), max_length=300, required=False)


class ReEmergeForm(forms.Form):
    re_emerged_on = _date(_("Re-emerged on"))
    severity = forms.ChoiceField(
        label=_("Severity"), choices=[("", "—"), *HotspotSeverity.choices], required=False
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class CountsForm(forms.Form):
    on = _date(_("As of"), required=False)
