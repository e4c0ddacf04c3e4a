"""Forms of residence moves: they parse what the officer typed; services decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.scope import Scope
from pcmt.core.text import fold
from pcmt.geo.models import AdminUnit
from pcmt.persons.forms import CommuneChoiceField, _date_field

TIME_FORMATS = ["%H:%M", "%Hh%M", "%Hh"]


def _time_field(label: Any) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=False,
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(format="%H:%M", attrs={"placeholder": "hh:mm"}),
        help_text=_("Leave empty when the hour is not known."),
        error_messages={"invalid": _("Enter a time as hh:mm.")},
    )


def commune_by_code_or_name(text: str) -> AdminUnit:
    """A commune in force anywhere in the country, by its 5-digit code or its exact name."""
    text = text.strip()
    communes = AdminUnit.objects.communes().in_force().select_related("parent")
    if text.isdigit():
        found = communes.filter(code=text.zfill(5)).first()
        if found is None:
            raise forms.ValidationError(_("No commune has this code."))
        return found
    name = fold(text)
    for prefix in ("xa ", "phuong ", "dac khu "):
        name = name.removeprefix(prefix)
    matches = list(communes.filter(name_folded=name)[:6])
    if not matches:
        raise forms.ValidationError(_("No commune has this name; enter its 5-digit code."))
    if len(matches) > 1:
        raise forms.ValidationError(
            _("Several communes have this name; enter the code of one: %(codes)s")
            % {
                "codes": ", ".join(
                    f"{c.code} ({c.parent.name if c.parent else ''})" for c in matches
                )
            }
        )
    return matches[0]


class CommuneField(forms.CharField):
    """Any commune of the country, typed as its code or its name."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 120)
        kwargs.setdefault("help_text", _("The 5-digit code or the name of the commune."))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> AdminUnit:
        return commune_by_code_or_name(super().clean(value))


class MoveForm(forms.Form):
    to_commune = CommuneField(label=_("Receiving commune"))
    new_address = forms.CharField(label=_("New address"), max_length=300)
    moved_on = _date_field(_("Move date"), required=True)
    moved_time = _time_field(_("Move time"))


class MoveAcceptForm(forms.Form):
    reported_on = _date_field(_("Reported at the new commune on"))
    reported_time = _time_field(_("Reported at (time)"))


class MoveReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class MoveNotifyForm(forms.Form):
    """Notifying takes no input: the notice is sent now."""


class LookupForm(forms.Form):
    id_number = forms.CharField(label=_("Personal ID number (12 digits)"), max_length=20)

    def clean_id_number(self) -> str:
        digits = "".join(c for c in self.cleaned_data["id_number"] if c.isdigit())
        if len(digits) != 12:
            raise forms.ValidationError(_("Enter the 12 digits of the personal ID number."))
        return digits


class ArrivalForm(forms.Form):
    id_number = forms.CharField(widget=forms.HiddenInput, max_length=20)
    to_commune = CommuneChoiceField(
        label=_("Commune where the person reported"), queryset=AdminUnit.objects.none()
    )
    new_address = forms.CharField(label=_("New address"), max_length=300)
    moved_on = _date_field(_("Move date"), required=True)
    moved_time = _time_field(_("Move time"))
    reported_on = _date_field(_("Reported on"), required=True)
    reported_time = _time_field(_("Reported at (time)"))

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        communes = scope.communes().order_by("name")
        field = self.fields["to_commune"]
        field.queryset = communes  # type: ignore[attr-defined]
        if scope.commune_id is not None:
            field.initial = scope.commune_id
