"""Forms of review rounds: create a round, upload a list, map its columns, review a list."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.models import Agency
from pcmt.census.models import AgencyStatus
from pcmt.census.tabular import FIELDS, TEMPLATE_HEADERS
from pcmt.geo.models import AdminUnit
from pcmt.persons.forms import _date_field
from pcmt.persons.models import Category


class CommuneMultipleField(forms.ModelMultipleChoiceField[AdminUnit]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.code})"


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    cutoff_date = _date_field(_("Cut-off date"), required=True)
    deadline = _date_field(_("Deadline for lists"), required=True)
    categories = forms.MultipleChoiceField(
        label=_("Categories counted"),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    agencies: forms.ModelMultipleChoiceField[Agency] = forms.ModelMultipleChoiceField(
        label=_("Participating agencies"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    communes = CommuneMultipleField(
        label=_("Communes (empty: the whole province)"), queryset=None, required=False
    )

    def __init__(self, *args: Any, agencies: Any, communes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["communes"].queryset = communes  # type: ignore[attr-defined]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("List (.xlsx or .csv)"))
    all_or_nothing = forms.BooleanField(
        label=_("All or nothing: keep no row if any row is refused"), required=False
    )


class MappingForm(forms.Form):
    """Which column of the file holds each field of the template."""

    token = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
    name = forms.CharField(max_length=255, widget=forms.HiddenInput)
    all_or_nothing = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, headers: list[str], required: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [
            (str(i), f"{i + 1}. {h or _('(no header)')}") for i, h in enumerate(headers)
        ]
        for name in FIELDS:
            self.fields[f"map_{name}"] = forms.ChoiceField(
                label=TEMPLATE_HEADERS[name], choices=choices, required=name in required
            )

    def mapping(self) -> dict[str, int]:
        return {
            name: int(self.cleaned_data[f"map_{name}"])
            for name in FIELDS
            if self.cleaned_data.get(f"map_{name}") not in (None, "")
        }


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (AgencyStatus.ACCEPTED, _("Accept")),
            (AgencyStatus.RETURNED, _("Return for correction")),
        ],
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
