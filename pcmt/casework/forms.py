"""Forms of the casework actions on the person page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pcmt.casework.models import (
    DeterminationResult,
    DeterminationTrigger,
    ManagementEndReason,
    TestGrounds,
    TestResult,
    TherapyStopReason,
)
from pcmt.persons.forms import _date_field


class DrugTestForm(forms.Form):
    tested_on = _date_field(_("Test date"), required=True)
    place = forms.CharField(label=_("Place"), max_length=200)
    result = forms.ChoiceField(label=_("Result"), choices=TestResult.choices)
    substances = forms.CharField(label=_("Substances found"), max_length=200, required=False)
    tested_by = forms.CharField(label=_("Tested by"), max_length=200)
    result_received_on = _date_field(_("Result received on"), required=False)
    grounds = forms.ChoiceField(
        label=_("Grounds for testing"),
        choices=[("", _("— choose —")), *TestGrounds.choices],
        required=False,
    )


class DecisionForm(forms.Form):
    number = forms.CharField(label=_("Decision number"), max_length=60)
    decision_date = _date_field(_("Decision date"), required=True)
    signer = forms.CharField(label=_("Signed by"), max_length=120)


class ManagementEndForm(forms.Form):
    ended_on = _date_field(_("Ended on"), required=True)
    reason = forms.ChoiceField(label=_("Reason for ending"), choices=ManagementEndReason.choices)


class DeterminationRequireForm(forms.Form):
    trigger = forms.ChoiceField(label=_("Why required"), choices=DeterminationTrigger.choices)
    required_on = _date_field(_("Required since"), required=True)


class DeterminationRequestForm(forms.Form):
    facility = forms.CharField(label=_("Medical facility"), max_length=200)
    requested_on = _date_field(_("Requested on"), required=True)


class DeterminationResultForm(forms.Form):
    determined_on = _date_field(_("Determined on"), required=True)
    result = forms.ChoiceField(label=_("Result"), choices=DeterminationResult.choices)


class TherapyStartForm(forms.Form):
    clinic = forms.CharField(label=_("Clinic"), max_length=200)
    started_on = _date_field(_("Started on"), required=True)


class TherapyStopForm(forms.Form):
    stopped_on = _date_field(_("Stopped on"), required=True)
    reason = forms.ChoiceField(label=_("Reason for stopping"), choices=TherapyStopReason.choices)
