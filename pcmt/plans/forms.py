"""Forms of the plans pages and the dashboard's filters (dates through `form_date`)."""

import datetime
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pcmt.accounts.models import Agency
from pcmt.core.dates import form_date
from pcmt.geo.models import AdminUnit, UnitLevel
from pcmt.outreach.models import IndustrialZone, School
from pcmt.plans.indicators import DENOMINATOR, NUMERATOR, Indicator
from pcmt.plans.models import (
    CauseReason,
    Comparison,
    Substance,
    TargetUnit,
    TaskStatus,
    Workplace,
)

DATE_INPUT = {"input_formats": ["%d/%m/%Y", "%Y-%m-%d"]}


def _date(label: Any, **kwargs: Any) -> forms.DateField:
    return form_date(label=label, widget=forms.DateInput(format="%d/%m/%Y"), **DATE_INPUT, **kwargs)


class DashboardForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    quarter = forms.TypedChoiceField(
        label=_("As of the end of"),
        choices=[
            ("", _("the year (or today)")),
            ("1", _("quarter 1")),
            ("2", _("quarter 2")),
            ("3", _("quarter 3")),
            ("4", _("quarter 4")),
        ],
        coerce=int,
        empty_value=None,
        required=False,
    )
    commune = forms.ModelChoiceField(
        label=_("Commune"),
        queryset=AdminUnit.objects.none(),
        required=False,
        empty_label=_("the whole scope"),
    )

    def __init__(self, *args: Any, communes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if communes is not None:
            self.fields["commune"].queryset = communes.order_by("name_folded")  # type: ignore[attr-defined]

    def chosen_day(self, today: datetime.date) -> datetime.date:
        """The day the figures are taken: the end of the year or of the quarter, not after today."""
        year = self.chosen_year()
        end = datetime.date(year, 12, 31)
        if self.is_bound and self.is_valid() and self.cleaned_data.get("quarter"):
            month = self.cleaned_data["quarter"] * 3
            end = datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)
        return min(today, end)

    def chosen_year(self) -> int:
        if self.is_bound and self.is_valid() and self.cleaned_data["year"]:
            return int(self.cleaned_data["year"])
        return timezone.localdate().year


class DrillForm(forms.Form):
    indicator = forms.CharField(max_length=40)
    start = _date(_("From"))
    end = _date(_("Until"))
    part = forms.ChoiceField(choices=[(NUMERATOR, NUMERATOR), (DENOMINATOR, DENOMINATOR)])
    commune = forms.IntegerField(required=False, min_value=1)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end of the period is before its start."))
        return data


class PlanForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=AdminUnit.objects.none())
    number = forms.CharField(label=_("Number"), max_length=60, help_text=_("e.g. 45/KH-UBND"))
    issued_on = _date(_("Issued on"))
    issuer = forms.CharField(label=_("Issuing body"), max_length=200)
    title = forms.CharField(label=_("Title"), max_length=300)
    period_start = _date(_("Period from"))
    period_end = _date(_("Period until"))

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class CopyForm(forms.Form):
    number = forms.CharField(label=_("Number of the new plan"), max_length=60)
    issued_on = _date(_("Issued on"))


class TargetForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indicator"))
    applies_to = forms.ChoiceField(label=_("Measured for"), choices=TargetUnit.choices)
    commune = forms.ModelChoiceField(
        label=_("Commune"), queryset=AdminUnit.objects.none(), required=False
    )
    comparison = forms.ChoiceField(label=_("Comparison"), choices=Comparison.choices)
    value = forms.DecimalField(label=_("Target value"), max_digits=12, decimal_places=2)
    period_start = _date(_("Period from"), required=False)
    period_end = _date(_("Period until"), required=False)
    wording = forms.CharField(label=_("Wording in the plan"), max_length=300, required=False)

    def __init__(
        self,
        *args: Any,
        indicators: list[Indicator] | None = None,
        communes: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(i.key, i.name) for i in indicators or []]  # type: ignore[attr-defined]
        if communes is not None:
            self.fields["commune"].queryset = communes.order_by("name_folded")  # type: ignore[attr-defined]


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=300)
    agency = forms.ModelChoiceField(
        label=_("Responsible agency"), queryset=Agency.objects.none(), required=False
    )
    agency_name = forms.CharField(
        label=_("or the agency as the plan names it"), max_length=200, required=False
    )
    deadline = _date(pgettext_lazy("plan task", "Deadline"))

    def __init__(self, *args: Any, agencies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)
    note = forms.CharField(label=_("Progress"), max_length=500, required=False)
    on = _date(_("Date"), initial=timezone.localdate)


class CauseForm(forms.Form):
    """What led a newly detected person to drugs; places offered are those of his commune."""

    detected_on = _date(_("date detected"))
    age_at_first_use = forms.IntegerField(
        label=_("age at first use"), min_value=5, max_value=100, required=False
    )
    first_substance = forms.ChoiceField(
        label=_("first substance"), choices=[("", "—"), *Substance.choices], required=False
    )
    reasons = forms.ModelMultipleChoiceField(
        label=_("Reason"),
        queryset=CauseReason.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    circumstances = forms.CharField(label=_("circumstances"), widget=forms.Textarea, required=False)
    workplace = forms.ChoiceField(label=_("workplace"), choices=Workplace.choices, required=False)
    industrial_zone = forms.ModelChoiceField(
        label=_("industrial zone"), queryset=AdminUnit.objects.none(), required=False
    )
    school = forms.ModelChoiceField(
        label=_("school"), queryset=AdminUnit.objects.none(), required=False
    )
    construction_site = forms.CharField(
        label=_("construction site"), max_length=200, required=False
    )
    origin_province = forms.ModelChoiceField(
        label=_("province of origin"), queryset=AdminUnit.objects.none(), required=False
    )

    def __init__(self, *args: Any, commune: AdminUnit, chosen: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["reasons"].queryset = CauseReason.objects.filter(
            Q(is_active=True) | Q(pk__in=[r.pk for r in chosen])
        )
        fields["industrial_zone"].queryset = IndustrialZone.objects.filter(commune=commune)
        fields["school"].queryset = School.objects.filter(commune=commune)
        fields["origin_province"].queryset = AdminUnit.objects.in_force().filter(
            level=UnitLevel.PROVINCE
        )


class CausesFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    commune = forms.ModelChoiceField(
        label=_("Commune"), queryset=AdminUnit.objects.none(), required=False
    )

    def __init__(self, *args: Any, communes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes  # type: ignore[attr-defined]

    def chosen_year(self) -> int:
        if self.is_bound and self.is_valid() and self.cleaned_data["year"]:
            return int(self.cleaned_data["year"])
        return timezone.localdate().year
