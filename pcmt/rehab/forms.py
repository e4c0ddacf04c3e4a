"""Forms of the rehab actions on the person page; field names are the services' arguments."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pcmt.geo.models import AdminUnit
from pcmt.persons.forms import _date_field
from pcmt.rehab.models import (
    AlertKind,
    DossierDocument,
    FacilityKind,
    HeldPlace,
    MonitoredEpisode,
    PostRehabEndReason,
    RehabEndReason,
    RehabKind,
    TermChangeGround,
)

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
    facility_kind = forms.ChoiceField(
        label=_("Kind of facility"),
        choices=[("", "—"), *FacilityKind.choices],
        required=False,
        help_text=_(
            "Persons aged 12 to under 18: a reform school or a qualifying public facility from "
            "1/7/2026 (Law 120/2025/QH15)."
        ),
    )
    term_from = _date_field(_("Term counted from (held at a facility during the dossier)"))


class HoldingForm(forms.Form):
    place = forms.ChoiceField(label=_("Held"), choices=HeldPlace.choices)
    held_from = _date_field(_("Held from"), required=True)
    held_to = _date_field(_("Held until (last day)"), required=True)
    facility = forms.CharField(label=_("Facility"), max_length=200, required=False)


def _decision_fields() -> dict[str, Any]:
    return {
        "decision_number": forms.CharField(label=_("Decision number"), max_length=60),
        "decided_on": _date_field(_("Decision date"), required=True),
        "issuer": forms.CharField(label=_("Issued by"), max_length=200),
    }


def _grounds(*codes: str) -> list[tuple[str, Any]]:
    return [(code, TermChangeGround(code).label) for code in codes]


class TermReduceForm(forms.Form):
    decision_number = _decision_fields()["decision_number"]
    decided_on = _decision_fields()["decided_on"]
    issuer = _decision_fields()["issuer"]
    ground = forms.ChoiceField(label=_("Ground"), choices=_grounds("good_conduct", "merit"))
    months = forms.IntegerField(label=_("Reduced by (months)"), min_value=1, max_value=6)


class TermSuspendForm(forms.Form):
    decision_number = _decision_fields()["decision_number"]
    decided_on = _decision_fields()["decided_on"]
    issuer = _decision_fields()["issuer"]
    ground = forms.ChoiceField(label=_("Ground"), choices=_grounds("serious_illness"))
    suspended_from = _date_field(_("Suspended from (empty: the decision date)"))


class TermResumeForm(forms.Form):
    resumed_on = _date_field(_("Back at the facility on"), required=True)


class TermExemptForm(forms.Form):
    decision_number = _decision_fields()["decision_number"]
    decided_on = _decision_fields()["decided_on"]
    issuer = _decision_fields()["issuer"]
    ground = forms.ChoiceField(
        label=_("Ground"),
        choices=_grounds("progress", "dangerous_illness", "short_remainder", "minor_progress"),
    )


class MonitoringStartForm(forms.Form):
    monitored = forms.ChoiceField(label=_("During"), choices=MonitoredEpisode.choices)
    started_on = _date_field(_("Started on"), required=True)
    planned_end = _date_field(_("Planned end (empty: the end of the episode)"))
    device_reference = forms.CharField(label=_("Device reference"), max_length=60)


class MonitoringAlertForm(forms.Form):
    occurred_on = _date_field(_("Occurred on"), required=True)
    kind = forms.ChoiceField(label=_("Alert"), choices=AlertKind.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class MonitoringEndForm(forms.Form):
    ended_on = _date_field(_("Ended on"), required=True)


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
        "holding_form": HoldingForm(),
        "reduce_form": TermReduceForm(),
        "suspend_form": TermSuspendForm(),
        "resume_form": TermResumeForm(),
        "exempt_form": TermExemptForm(),
        "monitoring_form": MonitoringStartForm(),
        "alert_form": MonitoringAlertForm(),
        "monitoring_end_form": MonitoringEndForm(),
        "transfer_form": TransferForm(),
        "escape_form": EscapeForm(),
        "return_form": ReturnForm(),
        "complete_form": CompleteForm(),
        "end_form": EndEarlyForm(),
        "post_open_form": PostRehabOpenForm(),
        "post_use_form": PostRehabUseForm(),
        "post_end_form": PostRehabEndForm(),
    }
