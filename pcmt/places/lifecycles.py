"""The lifecycles of places, each step dated: hotspots (open → eliminated → re-emerged →
eliminated again), key areas (selected → transformed → re-emerged → transformed again),
businesses (operating → closed, inspected on the way) and drug-free recognitions
(recognised → withdrawn) and the assessments that lead to them (met → recognised).

Every step keeps the history in dated rows (`HotspotSpell`, `KeyAreaPeriod`, the dates of a
business or a recognition), so counts as of any past day do not depend on the status column.
"""

from typing import Any

from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from pcmt.core.dates import api_date
from pcmt.core.errors import NotFound
from pcmt.lifecycle.declarations import Lifecycle, Step, Transition, register
from pcmt.lifecycle.guards import dated, required
from pcmt.places.common import iso, period_move, recorder
from pcmt.places.forms import (
    CloseForm,
    EliminateForm,
    InspectionForm,
    KeyAreaReEmergeForm,
    RecogniseForm,
    ReEmergeForm,
    TransformForm,
    WithdrawForm,
)
from pcmt.places.models import (
    BUSINESS_STREAM,
    DRUG_FREE_ASSESSMENT_STREAM,
    DRUG_FREE_STREAM,
    HOTSPOT_STREAM,
    KEY_AREA_STREAM,
    Business,
    BusinessAction,
    BusinessInspection,
    BusinessStatus,
    DrugFreeAction,
    DrugFreeAssessment,
    DrugFreeAssessmentAction,
    DrugFreeAssessmentStatus,
    DrugFreeRecognition,
    DrugFreeStatus,
    Hotspot,
    HotspotAction,
    HotspotSpell,
    HotspotStatus,
    KeyArea,
    KeyAreaAction,
    KeyAreaStatus,
)
from pcmt.places.selectors import hotspot_load, place_can_write, place_load


class HotspotResponse(serializers.ModelSerializer):
    class Meta:
        model = Hotspot
        fields = [
            "id",
            "status",
            "severity",
            "discovered_on",
            "eliminated_on",
            "re_emerged_on",
        ]


def _writable(actor: Any, record: Any) -> None:
    if not place_can_write(actor, record.commune):
        raise NotFound()


def _last_step(hotspot: Hotspot) -> Any:
    return max(
        d for d in (hotspot.discovered_on, hotspot.eliminated_on, hotspot.re_emerged_on) if d
    )


def _eliminate(step: Step) -> Hotspot:
    hotspot: Hotspot = step.obj
    day = step.data["eliminated_on"]
    step.changes = {
        "status": [hotspot.status, HotspotStatus.ELIMINATED],
        "eliminated_on": [iso(hotspot.eliminated_on), iso(day)],
    }
    hotspot.status = HotspotStatus.ELIMINATED
    hotspot.eliminated_on = day
    HotspotSpell.objects.filter(hotspot=hotspot, ended_on__isnull=True).update(ended_on=day)
    step.note = step.data.get("measures") or ""
    return hotspot


def _re_emerge(step: Step) -> Hotspot:
    hotspot: Hotspot = step.obj
    day = step.data["re_emerged_on"]
    severity = step.data.get("severity") or hotspot.severity
    step.changes = {
        "status": [HotspotStatus.ELIMINATED, HotspotStatus.RE_EMERGED],
        "re_emerged_on": [iso(hotspot.re_emerged_on), iso(day)],
    }
    if severity != hotspot.severity:
        step.changes["severity"] = [hotspot.severity, severity]
        hotspot.severity = severity
    hotspot.status = HotspotStatus.RE_EMERGED
    hotspot.re_emerged_on = day
    HotspotSpell.objects.create(
        hotspot=hotspot, started_on=day, severity=severity, re_emergence=True
    )
    step.note = step.data.get("note") or ""
    return hotspot


HOTSPOT = register(
    Lifecycle(
        name="hotspot",
        label=_("Hotspot"),
        model=Hotspot,
        # The effects set the status, so the event names the state left.
        state_field=None,
        state_of=lambda hotspot: hotspot.status,
        states=HotspotStatus,
        url_kwarg="hotspot_pk",
        load=hotspot_load,
        check_write=_writable,
        subject=lambda hotspot: hotspot,
        record=recorder(HOTSPOT_STREAM),
        who=_("officers of the commune police and of the provincial drug unit"),
        redirect=lambda request, hotspot: redirect("hotspot_detail", hotspot_pk=hotspot.pk),
        transitions=(
            Transition(
                name="hotspot_eliminate",
                label=_("Eliminate a hotspot"),
                source=(HotspotStatus.OPEN, HotspotStatus.RE_EMERGED),
                target=HotspotStatus.ELIMINATED,
                refused=_("Only an open or re-emerged hotspot can be eliminated."),
                form=EliminateForm,
                guards=(dated("eliminated_on", after=_last_step, previous=_("the last step")),),
                effect=_eliminate,
                event=HotspotAction.ELIMINATED,
                date_field="eliminated_on",
                path="hotspots/<int:hotspot_pk>/eliminate/",
                page_name="hotspot_eliminate",
                api_name="api_hotspot_eliminate",
                response=HotspotResponse,
                done=_("The hotspot is recorded as eliminated."),
            ),
            Transition(
                name="hotspot_re_emerge",
                label=_("Record that a hotspot re-emerged"),
                source=(HotspotStatus.ELIMINATED,),
                target=HotspotStatus.RE_EMERGED,
                refused=_("Only an eliminated hotspot can re-emerge."),
                form=ReEmergeForm,
                guards=(dated("re_emerged_on", after=_last_step, previous=_("the last step")),),
                effect=_re_emerge,
                event=HotspotAction.RE_EMERGED,
                date_field="re_emerged_on",
                path="hotspots/<int:hotspot_pk>/re-emerge/",
                page_name="hotspot_re_emerge",
                api_name="api_hotspot_re_emerge",
                response=HotspotResponse,
                done=_("The hotspot is recorded as re-emerged."),
            ),
        ),
    )
)


# Key areas ----------------------------------------------------------------------------------


class KeyAreaResponse(serializers.ModelSerializer):
    class Meta:
        model = KeyArea
        fields = ["id", "status", "selected_on", "transformed_on", "re_emerged_on", "version"]


def _key_area_last(area: KeyArea) -> Any:
    return max(d for d in (area.selected_on, area.transformed_on, area.re_emerged_on) if d)


def _key_area_step(field: str, status: str) -> Any:
    def effect(step: Step) -> KeyArea:
        area: KeyArea = step.obj
        day = step.data[field]
        step.changes = {
            "status": [area.status, status],
            field: [iso(getattr(area, field)), iso(day)],
        }
        area.status = status
        setattr(area, field, day)
        period_move(area.periods, status=status, day=day)
        step.note = step.data.get("note") or ""
        return area

    return effect


def _key_area_redirect(request: Any, area: KeyArea) -> Any:
    return redirect("key_area_detail", key_area_pk=area.pk)


KEY_AREA = register(
    Lifecycle(
        name="key_area",
        label=_("Key area"),
        model=KeyArea,
        state_field=None,
        state_of=lambda area: area.status,
        states=KeyAreaStatus,
        url_kwarg="key_area_pk",
        load=place_load(KeyArea),
        check_write=_writable,
        subject=lambda area: area,
        record=recorder(KEY_AREA_STREAM),
        who=_("officers of the commune police and of the provincial drug unit"),
        redirect=_key_area_redirect,
        transitions=(
            Transition(
                name="key_area_transform",
                label=_("Record that a key area is transformed"),
                source=(KeyAreaStatus.SELECTED, KeyAreaStatus.RE_EMERGED),
                target=KeyAreaStatus.TRANSFORMED,
                refused=_("Only a selected or re-emerged key area can be transformed."),
                form=TransformForm,
                guards=(
                    dated("transformed_on", after=_key_area_last, previous=_("the last step")),
                ),
                effect=_key_area_step("transformed_on", KeyAreaStatus.TRANSFORMED),
                event=KeyAreaAction.TRANSFORMED,
                date_field="transformed_on",
                path="key-areas/<int:key_area_pk>/transform/",
                page_name="key_area_transform",
                api_name="api_key_area_transform",
                response=KeyAreaResponse,
                done=_("The key area is recorded as transformed."),
            ),
            Transition(
                name="key_area_re_emerge",
                label=_("Record that a key area re-emerged"),
                source=(KeyAreaStatus.TRANSFORMED,),
                target=KeyAreaStatus.RE_EMERGED,
                refused=_("Only a transformed key area can re-emerge."),
                form=KeyAreaReEmergeForm,
                guards=(dated("re_emerged_on", after=_key_area_last, previous=_("the last step")),),
                effect=_key_area_step("re_emerged_on", KeyAreaStatus.RE_EMERGED),
                event=KeyAreaAction.RE_EMERGED,
                date_field="re_emerged_on",
                path="key-areas/<int:key_area_pk>/re-emerge/",
                page_name="key_area_re_emerge",
                api_name="api_key_area_re_emerge",
                response=KeyAreaResponse,
                done=_("The key area is recorded as re-emerged."),
            ),
        ),
    )
)


# Conditional businesses ------------------------------------------------------------------------


class BusinessResponse(serializers.ModelSerializer):
    class Meta:
        model = Business
        fields = ["id", "status", "opened_on", "closed_on", "version"]


def _inspect(step: Step) -> BusinessInspection:
    business: Business = step.obj
    values = {
        field: step.data.get(field) or "" for field in ("team", "result", "violations", "measures")
    }
    inspection = BusinessInspection.objects.create(
        business=business,
        inspected_on=step.data["inspected_on"],
        drug_use_found=bool(step.data.get("drug_use_found")),
        created_by=step.actor,
        **{k: " ".join(v.split()) for k, v in values.items()},
    )
    step.changes = {
        "inspected_on": [None, iso(inspection.inspected_on)],
        "team": [None, inspection.team],
        "drug_use_found": [None, inspection.drug_use_found],
        **{
            f: [None, getattr(inspection, f)]
            for f in ("result", "violations", "measures")
            if getattr(inspection, f)
        },
    }
    return inspection


def _close(step: Step) -> Business:
    business: Business = step.obj
    day = step.data["closed_on"]
    step.changes = {
        "status": [business.status, BusinessStatus.CLOSED],
        "closed_on": [None, iso(day)],
    }
    business.status = BusinessStatus.CLOSED
    business.closed_on = day
    step.note = step.data.get("note") or ""
    return business


def _business_redirect(request: Any, business: Business) -> Any:
    return redirect("business_detail", business_pk=business.pk)


def _opened(business: Business) -> Any:
    return business.opened_on


BUSINESS = register(
    Lifecycle(
        name="business",
        label=_("Conditional business"),
        model=Business,
        state_field=None,
        state_of=lambda business: business.status,
        states=BusinessStatus,
        url_kwarg="business_pk",
        load=place_load(Business),
        check_write=_writable,
        subject=lambda business: business,
        record=recorder(BUSINESS_STREAM),
        who=_("officers of the commune police and of the provincial drug unit"),
        redirect=_business_redirect,
        transitions=(
            Transition(
                name="business_inspect",
                label=_("Record an inspection"),
                source=(BusinessStatus.OPERATING,),
                target=None,
                refused=_("Only an operating business can be inspected."),
                form=InspectionForm,
                guards=(
                    dated("inspected_on", after=_opened, previous=_("the opening")),
                    required(["team"], "inspection_team_required", _("Enter the inspection team.")),
                ),
                effect=_inspect,
                event=BusinessAction.INSPECTED,
                date_field="inspected_on",
                path="businesses/<int:business_pk>/inspect/",
                page_name="business_inspect",
                api_name="api_business_inspect",
                response=BusinessResponse,
                respond=lambda business, inspection: business,
                done=_("The inspection is recorded."),
            ),
            Transition(
                name="business_close",
                label=_("Record that a business closed"),
                source=(BusinessStatus.OPERATING,),
                target=BusinessStatus.CLOSED,
                refused=_("Only an operating business can close."),
                form=CloseForm,
                guards=(dated("closed_on", after=_opened, previous=_("the opening")),),
                effect=_close,
                event=BusinessAction.CLOSED,
                date_field="closed_on",
                path="businesses/<int:business_pk>/close/",
                page_name="business_close",
                api_name="api_business_close",
                response=BusinessResponse,
                done=_("The business is recorded as closed."),
            ),
        ),
    )
)


# Drug-free units ---------------------------------------------------------------------------


class DrugFreeResponse(serializers.ModelSerializer):
    class Meta:
        model = DrugFreeRecognition
        fields = ["id", "status", "recognised_on", "withdrawn_on", "version"]


def _withdraw(step: Step) -> DrugFreeRecognition:
    recognition: DrugFreeRecognition = step.obj
    day = step.data["withdrawn_on"]
    reason = " ".join(str(step.data.get("withdrawal_reason") or "").split())
    step.changes = {
        "status": [recognition.status, DrugFreeStatus.WITHDRAWN],
        "withdrawn_on": [None, iso(day)],
        "withdrawal_reason": [None, reason],
    }
    recognition.status = DrugFreeStatus.WITHDRAWN
    recognition.withdrawn_on = day
    recognition.withdrawal_reason = reason
    return recognition


def _drug_free_redirect(request: Any, recognition: DrugFreeRecognition) -> Any:
    return redirect("drug_free_detail", drug_free_pk=recognition.pk)


def _recognised(recognition: DrugFreeRecognition) -> Any:
    return recognition.recognised_on


DRUG_FREE = register(
    Lifecycle(
        name="drug_free",
        label=_("Drug-free recognition"),
        model=DrugFreeRecognition,
        state_field=None,
        state_of=lambda recognition: recognition.status,
        states=DrugFreeStatus,
        url_kwarg="drug_free_pk",
        load=place_load(DrugFreeRecognition),
        check_write=_writable,
        subject=lambda recognition: recognition,
        record=recorder(DRUG_FREE_STREAM),
        who=_("officers of the commune police and of the provincial drug unit"),
        redirect=_drug_free_redirect,
        transitions=(
            Transition(
                name="drug_free_withdraw",
                label=_("Withdraw a drug-free recognition"),
                source=(DrugFreeStatus.RECOGNISED,),
                target=DrugFreeStatus.WITHDRAWN,
                refused=_("Only a recognition in force can be withdrawn."),
                form=WithdrawForm,
                guards=(
                    dated("withdrawn_on", after=_recognised, previous=_("the recognition")),
                    required(
                        ["withdrawal_reason"],
                        "withdrawal_reason_required",
                        _("Give the reason for the withdrawal."),
                    ),
                ),
                effect=_withdraw,
                event=DrugFreeAction.WITHDRAWN,
                date_field="withdrawn_on",
                path="drug-free-recognitions/<int:drug_free_pk>/withdraw/",
                page_name="drug_free_withdraw",
                api_name="api_drug_free_withdraw",
                response=DrugFreeResponse,
                done=_("The recognition is withdrawn."),
            ),
        ),
    )
)


# Drug-free assessments -------------------------------------------------------------------


class DrugFreeAssessmentResponse(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True)
    recognised_on = api_date(source="recognition.recognised_on", read_only=True)

    class Meta:
        model = DrugFreeAssessment
        fields = ["id", "status", "assessed_on", "recognition", "recognised_on", "version"]


def _recognise(step: Step) -> DrugFreeAssessment:
    """Create the recognition decided on the assessment (its own event on its stream)."""
    from pcmt.places.services import DrugFreeInput, recognition_write

    assessment: DrugFreeAssessment = step.obj
    recognition = recognition_write(
        actor=step.actor,
        data=DrugFreeInput(
            commune=assessment.commune,
            village=assessment.village,
            decision_number=str(step.data.get("decision_number") or ""),
            decided_by=str(step.data.get("decided_by") or ""),
            recognised_on=step.data["recognised_on"],
            note=str(step.data.get("note") or ""),
        ),
    )
    assessment.recognition = recognition
    step.changes = {
        "recognition": [None, recognition.pk],
        "decision_number": [None, recognition.decision_number],
        "recognised_on": [None, iso(recognition.recognised_on)],
    }
    return assessment


def _assessment_redirect(request: Any, assessment: DrugFreeAssessment) -> Any:
    return redirect("drug_free_assessment_detail", drug_free_assessment_pk=assessment.pk)


DRUG_FREE_ASSESSMENT = register(
    Lifecycle(
        name="drug_free_assessment",
        label=_("Drug-free assessment"),
        model=DrugFreeAssessment,
        state_field=None,
        state_of=lambda assessment: assessment.status,
        states=DrugFreeAssessmentStatus,
        url_kwarg="drug_free_assessment_pk",
        load=place_load(DrugFreeAssessment),
        check_write=_writable,
        subject=lambda assessment: assessment,
        record=recorder(DRUG_FREE_ASSESSMENT_STREAM),
        who=_("officers of the commune police and of the provincial drug unit"),
        redirect=_assessment_redirect,
        transitions=(
            Transition(
                name="drug_free_assessment_recognise",
                label=_("Record the recognition decision"),
                source=(DrugFreeAssessmentStatus.AWAITING_DECISION,),
                target=DrugFreeAssessmentStatus.RECOGNISED,
                refused=_(
                    "Only an assessment that met the criteria and has no decision yet can lead "
                    "to a recognition."
                ),
                form=RecogniseForm,
                guards=(
                    dated(
                        "recognised_on",
                        after=lambda assessment: assessment.assessed_on,
                        previous=_("the assessment"),
                    ),
                    required(
                        ["decision_number"],
                        "decision_number_required",
                        _("Enter the decision number."),
                    ),
                ),
                effect=_recognise,
                event=DrugFreeAssessmentAction.RECOGNISED,
                date_field="recognised_on",
                path="drug-free-assessments/<int:drug_free_assessment_pk>/recognise/",
                page_name="drug_free_assessment_recognise",
                api_name="api_drug_free_assessment_recognise",
                response=DrugFreeAssessmentResponse,
                done=_("The recognition is recorded."),
            ),
        ),
    )
)
