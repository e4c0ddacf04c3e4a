"""Forms of the rehab actions on the person page; field names are the services' arguments."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pcmt.geo.models import AdminUnit
from pcmt.persons.forms import _date_field
from pcmt.rehab.models import DossierDocument, PostRehabEndReason, RehabEndReason, RehabKind

VOLUNTARY_CHOICES = [
    (RehabKind.VOLUNTARY_HOME.value, RehabKind.VOLUNTARY_HOME.label),
    (RehabKind.VOLUNTARY_FACILITY.value, RehabKind.VOLUNTARY_FACILITY.label),
]


class RehabRegisterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=VOLUNTARY_CHOICES)
    registered_on = _date_field(_("Registered on"), required=True)
    months = forms.IntegerField(
        label=_("Duration (months)"),
        required=False,
        min_value=1,
        max_value=60,
        help_text=_("Leave empty when the law fixes the duration."),
    )
    commune = forms.CharField(
        label=_("Commune code (home or community rehab)"),
        max_length=5,
        required=False,
        help_text=_("Empty: the commune where the person lives."),
    )
    facility = forms.CharField(label=_("Facility (facility rehab)"), max_length=200, required=False)

    def clean_commune(self) -> AdminUnit | None:
        code = self.cleaned_data["commune"].strip()
        if not code:
            return None
        unit = AdminUnit.objects.communes().filter(code=code).first()
        if unit is None:
            raise forms.ValidationError(_("No commune has this code."))
        return unit


class DossierOpenForm(forms.Form):
    opened_on = _date_field(_("Case detected / dossier opened on"), required=True)


class StartForm(forms.Form):
    started_on = _date_field(_("Started on"), required=True)


class DocumentForm(forms.Form):
    document = forms.ChoiceField(label=_("Document"), choices=DossierDocument.choices)
    received_on = _date_field(_("Received on"), required=True)


class SendToCourtForm(forms.Form):
    sent_on = _date_field(_("Sent to the court on"), required=True)


class CourtDecisionForm(forms.Form):
    court = forms.CharField(label=_("Court"), max_length=200)
    number = forms.CharField(label=_("Decision number"), max_length=60)
    decided_on = _date_field(_("Decision date"), required=True)
    months = forms.IntegerField(
        label=_("Duration (months)"), required=False, min_value=1, max_value=60
    )


class AdmissionForm(forms.Form):
    admitted_on = _date_field(_("Admitted on"), required=True)
    facility = forms.CharField(label=_("Facility"), max_length=200)
    term_from = _date_field(_("Term counted from (held at a facility during the dossier)"))


class TransferForm(forms.Form):
    transferred_on = _date_field(_("Transferred on"), required=True)
    to_facility = forms.CharField(label=_("To facility"), max_length=200)


class EscapeForm(forms.Form):
    left_on = _date_field(_("Left on"), required=True)


class ReturnForm(forms.Form):
    returned_on = _date_field(_("Returned on"), required=True)


class CompleteForm(forms.Form):
    completed_on = _date_field(_("Completed on"), required=True)


class EndEarlyForm(forms.Form):
    ended_on = _date_field(_("Ended on"), required=True)
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[(v, label) for v, label in RehabEndReason.choices if v != "completed"],
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class PostRehabOpenForm(forms.Form):
    started_on = _date_field(_("Started on"), required=True)


class PostRehabUseForm(forms.Form):
    detected_on = _date_field(_("Use detected on"), required=True)


class PostRehabEndForm(forms.Form):
    ended_on = _date_field(_("Ended on"), required=True)
    reason = forms.ChoiceField(label=_("Reason"), choices=PostRehabEndReason.choices)


def section_forms() -> dict[str, Any]:
    """Empty forms for the person-page section."""
    return {
        "register_form": RehabRegisterForm(),
        "dossier_form": DossierOpenForm(),
        "start_form": StartForm(),
        "document_form": DocumentForm(),
        "court_form": SendToCourtForm(),
        "decision_form": CourtDecisionForm(),
        "admission_form": AdmissionForm(),
        "transfer_form": TransferForm(),
        "escape_form": EscapeForm(),
        "return_form": ReturnForm(),
        "complete_form": CompleteForm(),
        "end_form": EndEarlyForm(),
        "post_open_form": PostRehabOpenForm(),
        "post_use_form": PostRehabUseForm(),
        "post_end_form": PostRehabEndForm(),
    }
