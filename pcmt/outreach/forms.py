"""Forms of the outreach pages (dates dd/mm/yyyy through `form_date`)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pcmt.core.dates import form_date
from pcmt.geo.models import AdminUnit
from pcmt.outreach.models import OnlineChannel, SchoolLevel, Topic

DATE_INPUT = {"input_formats": ["%d/%m/%Y", "%Y-%m-%d"]}


def _date(label: Any, **kwargs: Any) -> forms.DateField:
    return form_date(label=label, widget=forms.DateInput(format="%d/%m/%Y"), **DATE_INPUT, **kwargs)


class OutreachFilterForm(forms.Form):
    commune = forms.ModelChoiceField(
        label=_("Commune"), queryset=AdminUnit.objects.none(), required=False
    )
    since = _date(_("From"), required=False)
    until = _date(_("To"), required=False)
    topic = forms.ChoiceField(
        label=_("topics"), choices=[("", "—"), *Topic.choices], required=False
    )

    def __init__(self, *args: Any, communes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes  # type: ignore[attr-defined]


class OutreachForm(forms.Form):
    commune = forms.ModelChoiceField(label=_("Commune"), queryset=AdminUnit.objects.none())
    held_on = _date(_("date held"))
    organiser = forms.CharField(label=_("organising unit"), max_length=200)
    audience = forms.IntegerField(label=_("audience"), min_value=0)
    topics = forms.MultipleChoiceField(
        label=_("topics"), choices=Topic.choices, widget=forms.CheckboxSelectMultiple
    )
    schools = forms.ModelMultipleChoiceField(
        label=_("schools"), queryset=AdminUnit.objects.none(), required=False
    )
    villages = forms.ModelMultipleChoiceField(
        label=_("residential groups and villages"),
        queryset=AdminUnit.objects.none(),
        required=False,
    )
    industrial_zones = forms.ModelMultipleChoiceField(
        label=_("industrial zones"), queryset=AdminUnit.objects.none(), required=False
    )
    channel = forms.ChoiceField(
        label=_("online channel"), choices=[("", "—"), *OnlineChannel.choices], required=False
    )
    channel_name = forms.CharField(label=_("channel name"), max_length=200, required=False)
    channel_reach = forms.IntegerField(label=_("online reach"), min_value=0, required=False)
    materials = forms.CharField(label=_("materials"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, targets: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("communes", "schools", "villages", "industrial_zones"):
            field = "commune" if name == "communes" else name
            self.fields[field].queryset = targets[name]  # type: ignore[attr-defined]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel (.xlsx) or CSV file"))


class TargetFilterForm(forms.Form):
    commune = forms.ModelChoiceField(
        label=_("Commune"), queryset=AdminUnit.objects.none(), required=False
    )

    def __init__(self, *args: Any, communes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes  # type: ignore[attr-defined]


class IndustrialZoneForm(forms.Form):
    """A new entry chooses its commune; an edit keeps it (`communes` None) and may retire it."""

    commune = forms.ModelChoiceField(label=_("Commune"), queryset=AdminUnit.objects.none())
    name = forms.CharField(label=_("name"), max_length=200)
    is_active = forms.BooleanField(label=_("still on the list"), required=False, initial=True)

    def __init__(self, *args: Any, communes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if communes is None:
            del self.fields["commune"]
        else:
            self.fields["commune"].queryset = communes  # type: ignore[attr-defined]
            del self.fields["is_active"]


class SchoolForm(IndustrialZoneForm):
    level = forms.ChoiceField(label=_("level"), choices=SchoolLevel.choices)

    field_order = ["commune", "name", "level", "is_active"]
