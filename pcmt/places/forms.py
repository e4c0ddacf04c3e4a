"""Forms of the place pages; the API bodies of the transitions are derived from them."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pcmt.core.dates import form_date
from pcmt.geo.address import address_resolve, address_village
from pcmt.geo.models import AdminUnit, Village
from pcmt.places.classification import CRITERIA, CRITERION_LABELS
from pcmt.places.drug_free_criteria import CriteriaSet, criteria_set_on
from pcmt.places.models import (
    HOTSPOT_REGISTERED,
    Business,
    BusinessKind,
    BusinessStatus,
    DrugFreeAssessmentStatus,
    DrugFreeLevel,
    DrugFreeResult,
    DrugFreeStatus,
    Hotspot,
    HotspotKind,
    HotspotSeverity,
    HotspotStatus,
    IncidentKind,
    KeyAreaEvaluationResult,
    KeyAreaStatus,
    KeyAreaType,
    PlacePersonRole,
    ReverificationFinding,
)

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _date(label: Any, required: bool = True) -> forms.DateField:
    return form_date(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )


def _text(label: Any, max_length: int = 300, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=required)


def _any(choices: Any) -> list[tuple[str, Any]]:
    return [("", "—"), *choices]


class VillageSelect(forms.Select):
    """Each option carries the village's kind, for the pages' scripts (`data-kind`)."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(*args, **kwargs)
        instance = getattr(option["value"], "instance", None)
        if instance is not None:
            option["attrs"]["data-kind"] = instance.kind
        return option


class VillageField(forms.ModelChoiceField):
    """A village or residential group, named with its commune (many have a "Tổ dân phố 1")."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} – {obj.commune.full_name}"


class CommuneForm(forms.Form):
    """A form with a commune among those the user may choose (writes, or filters)."""

    commune = forms.ModelChoiceField(queryset=AdminUnit.objects.none(), label=_("Commune"))

    def __init__(self, *args: Any, communes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["commune"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            communes.order_by("name_folded") if communes is not None else AdminUnit.objects.none()
        )


class PlaceForm(CommuneForm):
    """A registry's form: the commune, the place's own fields, and its version when edited.

    `choices` gives the querysets of the linked records a user may pick (businesses,
    hotspots, villages), narrowed to the communes he writes for.
    """

    # The version the user read; a save over a newer one is refused.
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: Any, choices: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (choices or {}).items():
            field = self.fields.get(name)
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = queryset


class LocatedForm(PlaceForm):
    """The location of a place: village when known, address as typed, a point, the reason
    it lies outside."""

    village = VillageField(
        queryset=Village.objects.none(), label=_("Village / residential group"), required=False
    )
    address = _text(_("Address"))
    latitude = forms.DecimalField(
        label=_("Latitude"), max_digits=8, decimal_places=6, required=False
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), max_digits=9, decimal_places=6, required=False
    )
    location_override_reason = _text(_("Reason the point lies outside the commune"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The commune may come from the address typed; the officer corrects it by choosing.
        commune = self.fields["commune"]
        commune.required = False
        commune.help_text = _("Leave empty to find it from the address.")
        self.fields["address"].help_text = _(
            "As written; the commune and the village are found from it when left empty."
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        address = cleaned.get("address") or ""
        if "commune" in self.fields and not cleaned.get("commune") and "commune" not in self.errors:
            cleaned["commune"] = self._commune_from(address)
        commune = cleaned.get("commune") or self.initial.get("commune")
        village = self.fields.get("village")
        if commune and address and village is not None and not cleaned.get("village"):
            found = address_village(commune, address)
            assert isinstance(village, forms.ModelChoiceField)
            choosable = village.queryset if village.queryset is not None else Village.objects.none()
            if found is not None and choosable.filter(pk=found.pk).exists():
                cleaned["village"] = found
        return cleaned

    def _commune_from(self, address: str) -> AdminUnit | None:
        """The 2025 commune the address names, among those the officer writes for."""
        if not address.strip():
            self.add_error("commune", _("Choose a commune, or type an address to find it from."))
            return None
        field = self.fields["commune"]
        assert isinstance(field, forms.ModelChoiceField)
        communes = field.queryset if field.queryset is not None else AdminUnit.objects.none()
        provinces = sorted(set(communes.values_list("province_code", flat=True)))
        hint = provinces[0] if len(provinces) == 1 else None
        resolution = address_resolve(address, province_hint=hint)
        if resolution.commune is not None and communes.filter(pk=resolution.commune.pk).exists():
            return resolution.commune
        self.add_error(
            "commune",
            _("The address names no commune you write for (%(reason)s): choose the commune.")
            % {"reason": resolution.reason},
        )
        return None


class HotspotForm(LocatedForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=HotspotKind.choices)
    severity = forms.ChoiceField(
        label=_("Severity"), choices=HotspotSeverity.choices, initial=HotspotSeverity.ORDINARY
    )
    status = forms.ChoiceField(
        label=_("Registered as"),
        choices=[(s, HotspotStatus(s).label) for s in HOTSPOT_REGISTERED],
        initial=HotspotStatus.DETECTED,
        required=False,
    )
    discovered_on = _date(_("Discovered on"))
    business = forms.ModelChoiceField(
        queryset=Business.objects.none(), label=_("Conditional business"), required=False
    )
    business_name = _text(_("Linked business"), 200)
    source = _text(_("Source of detection"), 200)
    note = _text(_("Note"))

    field_order = ["commune", "name", "kind", "severity", "status", "discovered_on"]


class FilterForm(CommuneForm):
    commune = forms.ModelChoiceField(
        queryset=AdminUnit.objects.none(), label=_("Commune"), required=False
    )


class HotspotFilterForm(FilterForm):
    status = forms.ChoiceField(
        label=_("Status"), choices=_any(HotspotStatus.choices), required=False
    )
    severity = forms.ChoiceField(
        label=_("Severity"), choices=_any(HotspotSeverity.choices), required=False
    )


class DetectForm(forms.Form):
    detected_on = _date(_("Detected on"))
    note = _text(_("Note"))


class SuppressForm(forms.Form):
    suppression_started_on = _date(_("Suppression started on"))
    note = _text(_("Plan and forces"))


class MonitorForm(forms.Form):
    monitoring_from = _date(_("Monitored from"))
    note = _text(_("Who monitors, how"))


class HotspotCloseForm(forms.Form):
    closed_on = _date(_("Closed on"))
    note = _text(_("Note"))


class ReverifyForm(forms.Form):
    verified_on = _date(_("Re-verified on"))
    finding = forms.ChoiceField(label=_("Finding"), choices=ReverificationFinding.choices)
    note = _text(_("Note"))


class EliminateForm(forms.Form):
    eliminated_on = _date(_("Eliminated on"))
    measures = _text(_("Measures taken"))


class ReEmergeForm(forms.Form):
    re_emerged_on = _date(_("Re-emerged on"))
    severity = forms.ChoiceField(
        label=_("Severity"), choices=_any(HotspotSeverity.choices), required=False
    )
    note = _text(_("Note"))


class CountsForm(forms.Form):
    on = _date(_("As of"), required=False)


# Incidents -----------------------------------------------------------------------------------


class IncidentForm(LocatedForm):
    summary = forms.CharField(label=_("Summary"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=IncidentKind.choices)
    occurred_on = _date(_("Occurred on"))
    offenders = forms.IntegerField(label=_("Offenders"), min_value=0, required=False)
    substance = _text(_("Substance"), 100)
    quantity = forms.DecimalField(
        label=_("Quantity"), max_digits=12, decimal_places=3, min_value=0, required=False
    )
    unit = _text(_("Unit"), 20)
    plants = forms.IntegerField(label=_("Drug plants destroyed"), min_value=0, required=False)
    area_m2 = forms.DecimalField(
        label=_("Area destroyed (m²)"),
        max_digits=10,
        decimal_places=1,
        min_value=0,
        required=False,
    )
    tip_verified = forms.NullBooleanField(label=_("Tip verified"), required=False)
    hotspot = forms.ModelChoiceField(
        queryset=Hotspot.objects.none(), label=_("Hotspot"), required=False
    )
    business = forms.ModelChoiceField(
        queryset=Business.objects.none(), label=_("Conditional business"), required=False
    )
    note = _text(_("Note"))

    field_order = ["commune", "summary", "kind", "occurred_on"]


class IncidentFilterForm(FilterForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=_any(IncidentKind.choices), required=False)
    since = _date(_("From"), required=False)
    until = _date(_("To"), required=False)


class PeriodForm(forms.Form):
    since = _date(_("From"), required=False)
    until = _date(_("To"), required=False)


# Key areas ---------------------------------------------------------------------------------


class KeyAreaForm(PlaceForm):
    area_type = forms.ChoiceField(label=_("Type"), choices=KeyAreaType.choices)
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    selected_on = _date(_("Selected on"))
    selected_by = _text(_("Selected by"), 200)
    plan = _text(_("Transformation plan"))
    agencies = _text(_("Responsible agencies"))
    note = _text(_("Note"))


class KeyAreaFilterForm(FilterForm):
    status = forms.ChoiceField(
        label=_("Status"), choices=_any(KeyAreaStatus.choices), required=False
    )
    area_type = forms.ChoiceField(
        label=_("Type"), choices=_any(KeyAreaType.choices), required=False
    )


class TransformForm(forms.Form):
    transformed_on = _date(_("Transformed on"))
    note = _text(_("Note"))


class KeyAreaReEmergeForm(forms.Form):
    re_emerged_on = _date(_("Re-emerged on"))
    note = _text(_("Note"))


class KeyAreaStartForm(forms.Form):
    transforming_since = _date(_("Transformation started on"))
    note = _text(_("Note"))


class KeyAreaSustainForm(forms.Form):
    sustained_on = _date(_("Sustained on"))
    note = _text(_("Note"))


def _criteria_choices() -> list[tuple[str, Any]]:
    return [(key, CRITERION_LABELS[key]) for key in CRITERIA]


class KeyAreaEvaluationForm(forms.Form):
    """An evaluation; the page prefills it from the classification computed on the day."""

    evaluated_on = _date(_("Evaluated on"))
    evaluator = forms.CharField(label=_("Evaluated by"), max_length=200)
    criteria_met = forms.MultipleChoiceField(
        label=_("Criteria met"),
        choices=_criteria_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    result = forms.ChoiceField(label=_("Result"), choices=KeyAreaEvaluationResult.choices)
    note = _text(_("Note"))


class DrugRouteForm(forms.Form):
    on_route = forms.TypedChoiceField(
        label=_("On a key drug route"),
        choices=[("1", _("Yes")), ("0", _("No"))],
        coerce=lambda value: value == "1",
    )
    effective_on = _date(_("From"))
    note = _text(_("Note"))


# Conditional businesses ------------------------------------------------------------------------


class BusinessForm(LocatedForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=BusinessKind.choices)
    opened_on = _date(_("Operating since"))
    licence_number = _text(_("Security-order certificate"), 60)
    licence_issued_on = _date(_("Licence issued on"), required=False)
    licence_expires_on = _date(_("Licence expires on"), required=False)
    note = _text(_("Note"))

    field_order = ["commune", "name", "kind", "opened_on"]


class BusinessFilterForm(FilterForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=_any(BusinessKind.choices), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=_any(BusinessStatus.choices), required=False
    )


class InspectionForm(forms.Form):
    inspected_on = _date(_("Inspected on"))
    team = forms.CharField(label=_("Inspection team"), max_length=200)
    result = _text(_("Result"))
    violations = _text(_("Violations"))
    drug_use_found = forms.BooleanField(label=_("Drug use found"), required=False)
    measures = _text(_("Measures"))


class CloseForm(forms.Form):
    closed_on = _date(_("Closed on"))
    note = _text(_("Note"))


# Drug-free units ---------------------------------------------------------------------------


class DrugFreeForm(PlaceForm):
    village = VillageField(
        queryset=Village.objects.none(),
        label=_("Village / residential group"),
        required=False,
        help_text=_("Leave empty when the whole commune is recognised."),
    )
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    decided_by = _text(_("Decided by"), 200)
    recognised_on = _date(_("Recognised on"))
    note = _text(_("Note"))


class DrugFreeFilterForm(FilterForm):
    level = forms.ChoiceField(label=_("Unit"), choices=_any(DrugFreeLevel.choices), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=_any(DrugFreeStatus.choices), required=False
    )


class WithdrawForm(forms.Form):
    withdrawn_on = _date(_("Withdrawn on"))
    withdrawal_reason = forms.CharField(label=_("Reason for withdrawal"), max_length=300)


LEVEL_NAMES: dict[str, Any] = {
    DrugFreeLevel.COMMUNE: _("communes"),
    DrugFreeLevel.VILLAGE: _("villages"),
    DrugFreeLevel.RESIDENTIAL_GROUP: _("residential groups"),
}


class DrugFreeAssessmentForm(PlaceForm):
    """An assessment: the unit, the day, who assessed, and per criterion in force on that
    day a checkbox (met) and the evidence; the result last.

    The criteria shown are those in force on the date typed (today until one is), each
    naming the units it applies to; the service keeps those of the unit's level.
    """

    village = VillageField(
        queryset=Village.objects.none(),
        label=_("Village / residential group"),
        required=False,
        help_text=_("Leave empty when the whole commune is assessed."),
        widget=VillageSelect,
    )
    assessed_on = _date(_("Assessed on"))
    assessor = forms.CharField(label=_("Assessed by"), max_length=200)
    result = forms.ChoiceField(label=_("Result"), choices=DrugFreeResult.choices)
    note = _text(_("Note"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        initial_checks = (kwargs.get("initial") or {}).get("checks") or {}
        super().__init__(*args, **kwargs)
        self.criteria = self._criteria()
        for criterion in self.criteria.criteria if self.criteria else ():
            levels = ", ".join(str(LEVEL_NAMES[level]) for level in criterion.levels)
            met, evidence = initial_checks.get(criterion.code, (False, ""))
            applies = {"data-levels": " ".join(criterion.levels)}
            self.fields[f"criterion_{criterion.code}"] = forms.BooleanField(
                label=f"{criterion.code}. {criterion.text}",
                required=False,
                initial=met,
                widget=forms.CheckboxInput(attrs=applies),
                help_text=_("Applies to: %(levels)s") % {"levels": levels},
            )
            self.fields[f"evidence_{criterion.code}"] = forms.CharField(
                label=_("Evidence for %(code)s") % {"code": criterion.code},
                max_length=500,
                required=False,
                initial=evidence,
                widget=forms.TextInput(attrs=applies),
            )
        last = ("result", "note")
        self.order_fields([name for name in self.fields if name not in last] + list(last))

    def _criteria(self) -> CriteriaSet | None:
        """The set in force on the date typed, else on the date edited, else today."""
        day = None
        if self.is_bound:
            try:
                day = self.fields["assessed_on"].clean(self.data.get("assessed_on"))
            except forms.ValidationError:
                day = None
        day = day or self.initial.get("assessed_on") or timezone.localdate()
        return criteria_set_on(day)

    def clean(self) -> dict[str, Any]:
        from pcmt.places.services import CriterionResult

        cleaned = super().clean() or {}
        # On an edit the unit is fixed: it comes from the record.
        village = (
            cleaned.get("village") if "village" in self.fields else self.initial.get("village")
        )
        level = (
            DrugFreeLevel.COMMUNE
            if village is None
            else (
                DrugFreeLevel.RESIDENTIAL_GROUP
                if village.kind == "residential_group"
                else DrugFreeLevel.VILLAGE
            )
        )
        if self.criteria is not None:
            cleaned["checks"] = {
                c.code: CriterionResult(
                    bool(cleaned.get(f"criterion_{c.code}")),
                    cleaned.get(f"evidence_{c.code}") or "",
                )
                for c in self.criteria.for_level(level)
            }
        return cleaned


class DrugFreeAssessmentFilterForm(FilterForm):
    level = forms.ChoiceField(label=_("Unit"), choices=_any(DrugFreeLevel.choices), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=_any(DrugFreeAssessmentStatus.choices), required=False
    )
    since = _date(_("From"), required=False)
    until = _date(_("To"), required=False)


class RecogniseForm(forms.Form):
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    decided_by = _text(_("Decided by"), 200)
    recognised_on = _date(_("Recognised on"))
    note = _text(_("Note"))


class PlacePersonForm(forms.Form):
    person = forms.IntegerField(
        label=_("Person (record number)"),
        min_value=1,
        help_text=_("The number of the person's record, shown on the person's page."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=PlacePersonRole.choices)
    note = _text(_("Note"))


class BusinessWorklistForm(forms.Form):
    days = forms.IntegerField(
        label=_("Not inspected within (days)"), min_value=1, max_value=3650, required=False
    )
