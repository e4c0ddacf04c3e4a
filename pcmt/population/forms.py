from django import forms
from django.utils.translation import gettext_lazy as _

from pcmt.core.dates import form_date
from pcmt.geo.models import AdminUnit, Village


class FigureFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    q = forms.CharField(label=_("Commune"), required=False, max_length=60)


class VillageChoice(forms.ModelChoiceField):
    """A village or residential group, named with its commune (many are "Tổ dân phố 1")."""

    def label_from_instance(self, obj: object) -> str:
        village = obj if isinstance(obj, Village) else None
        return f"{village.name} – {village.commune.full_name}" if village else str(obj)


class FigureForm(forms.Form):
    commune = forms.ModelChoiceField(label=_("Commune"), queryset=AdminUnit.objects.none())
    village = VillageChoice(
        label=_("Village / residential group"),
        queryset=Village.objects.none(),
        required=False,
        help_text=_("Leave empty for the whole commune's figure."),
    )
    year = forms.IntegerField(label=_("Year"))
    residents = forms.IntegerField(label=_("Residents"), min_value=0)
    as_of = form_date(label=_("As of"), input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    source = forms.CharField(label=_("Source"), max_length=200)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: object, communes: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if communes is not None:
            self.fields["commune"].queryset = communes  # type: ignore[attr-defined]
            self.fields["village"].queryset = (  # type: ignore[attr-defined]
                Village.objects.filter(commune__in=communes, is_active=True)  # type: ignore[misc]
                .select_related("commune")
                .order_by("commune__name_folded", "name_folded")
            )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (.xlsx or .csv)"))
    source = forms.CharField(
        label=_("Source, for rows that give none"), max_length=200, required=False
    )
