"""Forms of the person pages: they parse what the officer typed; services decide."""

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.scope import Scope
from pcmt.core.dates import DAY_FORMATS, form_date
from pcmt.geo.models import AdminUnit, Village
from pcmt.persons.models import Category, Sex
from pcmt.persons.services import MAX_PHOTO_BYTES, PersonInput, photo_type

# Masked on the pages until revealed (pcmt/security/reveal.py).
SECRET_FIELDS = ("id_number", "old_id_number", "phone")


def _date_field(label: Any, required: bool = False) -> forms.DateField:
    return form_date(
        label=label,
        required=required,
        input_formats=DAY_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": _("Enter a date as dd/mm/yyyy.")},
    )


class CommuneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.code})"


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=120)
    aliases = forms.CharField(
        label=_("Aliases"),
        required=False,
        max_length=300,
        help_text=_("Separate several aliases with commas."),
    )
    birth_date = _date_field(_("Date of birth"))
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        required=False,
        min_value=1900,
        max_value=2100,
        help_text=_("When only the year is known."),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect)
    id_number = forms.CharField(
        label=_("Personal ID number (12 digits)"), required=False, max_length=20
    )
    id_warning_override = forms.CharField(
        label=_("Reason for keeping an ID number that disagrees with the record"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    old_id_number = forms.CharField(
        label=_("Old ID card number (9 digits)"), required=False, max_length=20
    )
    phone = forms.CharField(label=_("Phone"), required=False, max_length=20)
    ethnicity = forms.CharField(label=_("Ethnicity"), required=False, max_length=60)
    occupation = forms.CharField(label=_("Occupation"), required=False, max_length=120)
    permanent_address = forms.CharField(
        label=_("Permanent address"),
        required=False,
        max_length=300,
        widget=forms.TextInput(
            attrs={
                "hx-get": reverse_lazy("address_preview"),
                "hx-trigger": "keyup changed delay:500ms",
                "hx-target": "#permanent-resolution",
                "autocomplete": "off",
            }
        ),
    )
    permanent_commune = CommuneChoiceField(
        empty_label=_("— choose —"),
        label=_("Commune of permanent residence"),
        queryset=AdminUnit.objects.none(),
        required=False,
        help_text=_("Leave empty to resolve it from the address text."),
    )
    current_address = forms.CharField(label=_("Current address"), required=False, max_length=300)
    current_commune = CommuneChoiceField(
        empty_label=_("— choose —"),
        label=_("Commune of current residence"),
        queryset=AdminUnit.objects.none(),
    )
    current_village = forms.ModelChoiceField(
        empty_label=_("— choose —"),
        label=_("Village / residential group"),
        queryset=Village.objects.none(),
        required=False,
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG or PNG, at most 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    acknowledge_duplicates = forms.BooleanField(
        label=_("I have checked the possible duplicates: this is a different person."),
        required=False,
    )
    # The version of the record the officer edits; a save over a newer one is refused.
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    # On the edit page the ID numbers and phone stay masked until the officer reveals them
    # (with a reason, recorded); what was not revealed is kept as it is.
    secrets_shown = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        communes = scope.communes().order_by("name")
        self.fields["current_commune"].queryset = communes  # type: ignore[attr-defined]
        self.fields["current_village"].queryset = (  # type: ignore[attr-defined]
            Village.objects.filter(commune__in=communes, is_active=True).order_by("name")
        )
        # Permanent residence may be anywhere: offer the communes of the same province.
        province_ids = communes.values("parent_id")
        self.fields["permanent_commune"].queryset = (  # type: ignore[attr-defined]
            AdminUnit.objects.communes().filter(parent_id__in=province_ids).order_by("name")
        )

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if not photo:
            return photo
        if photo.size > MAX_PHOTO_BYTES:
            raise forms.ValidationError(_("The photo is larger than 2 MB."))
        if photo_type(photo.read(8)) is None:
            raise forms.ValidationError(_("The photo must be a JPEG or PNG image."))
        photo.seek(0)
        return photo

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not data.get("birth_date")
            and not data.get("birth_year")
            and not self.errors.get("birth_date")
        ):
            self.add_error("birth_year", _("Enter the date or year of birth."))
        if self.initial.get("version") is not None and not data.get("secrets_shown"):
            for name in SECRET_FIELDS:
                data[name] = self.initial.get(name) or ""
        return data

    def to_input(self) -> PersonInput:
        d = self.cleaned_data
        return PersonInput(
            full_name=d["full_name"],
            aliases=[a.strip() for a in (d.get("aliases") or "").split(",") if a.strip()],
            birth_date=d.get("birth_date"),
            birth_year=d.get("birth_year"),
            sex=d["sex"],
            id_number=d.get("id_number", ""),
            id_warning_override=d.get("id_warning_override", ""),
            old_id_number=d.get("old_id_number", ""),
            phone=d.get("phone", ""),
            ethnicity=d.get("ethnicity", ""),
            occupation=d.get("occupation", ""),
            permanent_address=d.get("permanent_address", ""),
            permanent_commune=d.get("permanent_commune"),
            current_address=d.get("current_address", ""),
            current_commune=d["current_commune"],
            current_village=d.get("current_village"),
            photo=d.get("photo") or None,
            # The file input's "clear" box gives False.
            remove_photo=d.get("photo") is False,
        )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Name, ID number or phone"), required=False, max_length=120)
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *Category.choices]
    )
    commune = forms.ModelChoiceField(
        label=_("Commune"),
        queryset=AdminUnit.objects.none(),
        required=False,
        empty_label=_("All communes"),
    )
    age_min = forms.IntegerField(label=_("Age from"), required=False, min_value=0, max_value=120)
    age_max = forms.IntegerField(label=_("Age to"), required=False, min_value=0, max_value=120)
    page = forms.IntegerField(required=False, min_value=1, max_value=100000)

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = scope.communes().order_by("name")  # type: ignore[attr-defined]


class CategoryAddForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    start_date = _date_field(_("From"), required=True)
    reason = forms.CharField(label=_("Reason / grounds"), required=False, max_length=300)


class CategoryEndForm(forms.Form):
    end_date = _date_field(_("Until"), required=True)
    end_reason = forms.CharField(label=_("Reason for ending"), max_length=300)


class MergeForm(forms.Form):
    into = forms.IntegerField(label=_("Number of the record that stays"), min_value=1)
    note = forms.CharField(label=_("Why (evidence)"), max_length=300, required=False)


class UnmergeForm(forms.Form):
    note = forms.CharField(label=_("Why"), max_length=300, required=False)
