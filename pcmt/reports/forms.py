from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pcmt.core.dates import form_date
from pcmt.reports.models import PeriodKind, ReportTemplate


class PrepareForm(forms.Form):
    template = forms.ModelChoiceField(label=_("Report"), queryset=ReportTemplate.objects.none())
    period_kind = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    number = forms.IntegerField(
        label=_("Month or quarter"), min_value=1, max_value=12, required=False, initial=1
    )
    period_start = form_date(label=_("From (ad hoc)"), required=False)
    period_end = form_date(label=_("To (ad hoc)"), required=False)
    report_number = forms.CharField(label=_("Report number"), max_length=60, required=False)
    signer = forms.CharField(label=_("Signed by"), max_length=120, required=False)

    def __init__(self, *args: Any, templates: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if templates is not None:
            self.fields["template"].queryset = templates  # type: ignore[attr-defined]


class SubmitForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason for returning"), max_length=500)


class ApproveForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
