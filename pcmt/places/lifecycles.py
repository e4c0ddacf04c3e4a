"""The lifecycles of places, each step dated: hotspots (at risk → detected → being
suppressed → eliminated → under monitoring → closed, or re-emerged and suppressed again),
key areas (selected → transforming → transformed → sustained, or re-emerged and reopened;
evaluated against the QĐ 28/2025 criteria on the way), businesses (operating → closed,
inspected on the way), drug-free recognitions (recognised → withdrawn) and the assessments
that lead to them (met → recognised).

Every step keeps the history in dated rows (`HotspotSpell`, `HotspotPeriod`, `KeyAreaPeriod`,
the dates of a business or a recognition), so counts as of any past day do not depend on the
status column.
"""

from typing import Any

from django.conf import settings
from django.db.models import Max
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from pcmt.accounts.scope import scope_for
from pcmt.core.dates import api_date
from pcmt.core.errors import DomainError, NotFound
from pcmt.lifecycle.declarations import Lifecycle, Step, Transition, register
from pcmt.lifecycle.guards import dated, one_of, required, rule
from pcmt.lifecycle.views import API_DATES
from pcmt.places.classification import CRITERIA, commune_classification
from pcmt.places.common import iso, period_move, recorder, text
from pcmt.places.forms import (
    CloseForm,
    DetectForm,
    EliminateForm,
    HotspotCloseForm,
    InspectionForm,
    KeyAreaEvaluationForm,
    KeyAreaReEmergeForm,
    KeyAreaStartForm,
    KeyAreaSustainForm,
    MonitorForm,
    RecogniseForm,
    ReEmergeForm,
    ReverifyForm,
    SuppressForm,
    TransformForm,
    WithdrawForm,
)
from pcmt.places.models import (
    BUSINESS_STREAM,
    DRUG_FREE_ASSESSMENT_STREAM,
    DRUG_FREE_STREAM,
    HOTSPOT_REVERIFIED,
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
    HotspotReverification,
    HotspotSpell,
    HotspotStatus,
    KeyArea,
    KeyAreaAction,
    KeyAreaEvaluation,
    KeyAreaEvaluationResult,
    KeyAreaStatus,
    ReverificationFinding,
)
from pcmt.places.selectors import hotspot_load, place_can_write, place_load
from pcmt.rules.calendar import add_months


class HotspotResponse(serializers.ModelSerializer):
    class Meta:
        model = Hotspot
        fields = [
            "id",
            "status",
            "severity",
            "discovered_on",
            "detected_on",
            "suppression_started_on",
            "eliminated_on",
            "monitoring_from",
            "closed_on",
            "re_emerged_on",
            "reverify_due_on",
            "version",
        ]


def _writable(actor: Any, record: Any) -> None:
    if not place_can_write(actor, record.commune):
        raise NotFound()


def _place_lifecycle(
    *,
    name: str,
    label: Any,
    model: Any,
    states: Any,
    stream: str,
    detail: str,
    transitions: tuple[Transition, ...],
    load: Any = None,
) -> Lifecycle:
    """A place registry's lifecycle, declared once for all: the record read and written under
    the one need-to-know rule, its status set by the effects (so the event names the state
    left), its events on the registry's stream, and its page after each step."""
    url_kwarg = f"{name}_pk"
    return register(
        Lifecycle(
            name=name,
            label=label,
            model=model,
            state_field=None,
            state_of=lambda record: record.status,
            states=states,
            url_kwarg=url_kwarg,
            load=load or place_load(model),
            check_write=_writable,
            subject=lambda record: record,
            record=recorder(stream),
            who=_("officers of the commune police and of the provincial drug unit"),
            redirect=lambda request, record: redirect(detail, **{url_kwarg: record.pk}),
            transitions=transitions,
        )
    )


HOTSPOT_DATES = (
    "discovered_on",
    "detected_on",
    "suppression_started_on",
    "eliminated_on",
    "monitoring_from",
    "closed_on",
    "re_emerged_on",
)


def _last_step(hotspot: Hotspot) -> Any:
    return max(d for d in (getattr(hotspot, f) for f in HOTSPOT_DATES) if d)


def _last_check(hotspot: Hotspot) -> Any:
    """The last step or the last re-verification, whichever is later."""
    latest = hotspot.reverifications.aggregate(day=Max("verified_on"))["day"]
    return max(d for d in (_last_step(hotspot), latest) if d)


def _set(hotspot: Hotspot, status: str, field: str, day: Any) -> dict[str, Any]:
    """Set the status and the step's date, close the state period and open the next; the
    changes for the event."""
    changes = {"status": [hotspot.status, status], field: [iso(getattr(hotspot, field)), iso(day)]}
    hotspot.status = status
    setattr(hotspot, field, day)
    period_move(hotspot.periods, status=status, day=day)
    return changes


def _move(step: Step, status: str, field: str) -> Hotspot:
    hotspot: Hotspot = step.obj
    step.changes = _set(hotspot, status, field, step.data[field])
    step.note = text(step.data.get("note") or step.data.get("measures"))
    return hotspot


def _due(hotspot: Hotspot, value: Any, step: Step) -> None:
    """The next re-verification date follows every step (None once nothing is watched)."""
    if value != hotspot.reverify_due_on:
        step.changes["reverify_due_on"] = [iso(hotspot.reverify_due_on), iso(value)]
        hotspot.reverify_due_on = value


def _detect(step: Step) -> Hotspot:
    hotspot = _move(step, HotspotStatus.DETECTED, "detected_on")
    HotspotSpell.objects.create(
        hotspot=hotspot, started_on=step.data["detected_on"], severity=hotspot.severity
    )
    return hotspot


def _suppress(step: Step) -> Hotspot:
    return _move(step, HotspotStatus.SUPPRESSING, "suppression_started_on")


def _eliminate(step: Step) -> Hotspot:
    hotspot = _move(step, HotspotStatus.ELIMINATED, "eliminated_on")
    day = hotspot.eliminated_on
    assert day is not None
    HotspotSpell.objects.filter(hotspot=hotspot, ended_on__isnull=True).update(ended_on=day)
    _due(hotspot, add_months(day, settings.PCMT_HOTSPOT_REVERIFY_MONTHS), step)
    return hotspot


def _monitor(step: Step) -> Hotspot:
    return _move(step, HotspotStatus.MONITORING, "monitoring_from")


def monitoring_ends_on(hotspot: Hotspot) -> Any:
    """The first day a monitored hotspot may be closed: its elimination plus the period."""
    if hotspot.eliminated_on is None:
        return None
    return add_months(hotspot.eliminated_on, settings.PCMT_HOTSPOT_MONITORING_MONTHS)


def _period_over(step: Step) -> None:
    ends = monitoring_ends_on(step.obj)
    if ends is not None and step.data["closed_on"] < ends:
        raise DomainError(
            "monitoring_period_not_over",
            _("The monitoring period ends on %(day)s: the hotspot can be closed from then.")
            % {"day": ends.strftime("%d/%m/%Y")},
            "closed_on",
        )


def _hotspot_close(step: Step) -> Hotspot:
    hotspot = _move(step, HotspotStatus.CLOSED, "closed_on")
    _due(hotspot, None, step)
    return hotspot


def _re_emerged(step: Step, day: Any, severity: str) -> None:
    """The hotspot is active again from `day`: a new spell, keeping every earlier one."""
    hotspot: Hotspot = step.obj
    if severity != hotspot.severity:
        step.changes["severity"] = [hotspot.severity, severity]
        hotspot.severity = severity
    HotspotSpell.objects.create(
        hotspot=hotspot, started_on=day, severity=severity, re_emergence=True
    )
    _due(hotspot, None, step)


def _re_emerge(step: Step) -> Hotspot:
    hotspot: Hotspot = step.obj
    severity = step.data.get("severity") or hotspot.severity
    _move(step, HotspotStatus.RE_EMERGED, "re_emerged_on")
    _re_emerged(step, hotspot.re_emerged_on, severity)
    return hotspot


def _reverify(step: Step) -> HotspotReverification:
    hotspot: Hotspot = step.obj
    day = step.data["verified_on"]
    finding = step.data["finding"]
    note = text(step.data.get("note"))
    found = HotspotReverification.objects.create(
        hotspot=hotspot, verified_on=day, finding=finding, note=note, verified_by=step.actor
    )
    step.changes = {"verified_on": [None, iso(day)], "finding": [None, finding]}
    if finding == ReverificationFinding.RE_EMERGED:
        # Finding it back is the re-emergence itself, on the day of the visit.
        step.changes.update(_set(hotspot, HotspotStatus.RE_EMERGED, "re_emerged_on", day))
        _re_emerged(step, day, hotspot.severity)
    else:
        _due(hotspot, add_months(day, settings.PCMT_HOTSPOT_REVERIFY_MONTHS), step)
    step.note = note
    return found


def _hotspot_step(
    name: str,
    label: Any,
    source: tuple[str, ...],
    target: str,
    refused: Any,
    form: Any,
    field: str,
    effect: Any,
    event: str,
    done: Any,
    *,
    guards: tuple[Any, ...] = (),
    path: str = "",
) -> Transition:
    """One dated step of a hotspot: not in the future, not before its last step."""
    return Transition(
        name=f"hotspot_{name}",
        label=label,
        source=source,
        target=target,
        refused=refused,
        form=form,
        guards=(dated(field, after=_last_step, previous=_("the last step")), *guards),
        effect=effect,
        event=event,
        date_field=field,
        path=f"hotspots/<int:hotspot_pk>/{path or name}/",
        page_name=f"hotspot_{name}",
        api_name=f"api_hotspot_{name}",
        response=HotspotResponse,
        done=done,
    )


HOTSPOT = _place_lifecycle(
    name="hotspot",
    label=_("Hotspot"),
    model=Hotspot,
    states=HotspotStatus,
    stream=HOTSPOT_STREAM,
    detail="hotspot_detail",
    load=hotspot_load,
    transitions=(
        _hotspot_step(
            "detect",
            _("Record that a point at risk is a hotspot"),
            (HotspotStatus.AT_RISK,),
            HotspotStatus.DETECTED,
            _("Only a point at risk can be recorded as detected."),
            DetectForm,
            "detected_on",
            _detect,
            HotspotAction.DETECTED,
            _("The hotspot is recorded as detected."),
        ),
        _hotspot_step(
            "suppress",
            _("Start suppressing a hotspot"),
            (HotspotStatus.DETECTED, HotspotStatus.RE_EMERGED),
            HotspotStatus.SUPPRESSING,
            _("Only a detected or re-emerged hotspot can be suppressed."),
            SuppressForm,
            "suppression_started_on",
            _suppress,
            HotspotAction.SUPPRESSING,
            _("The hotspot is recorded as being suppressed."),
        ),
        _hotspot_step(
            "eliminate",
            _("Eliminate a hotspot"),
            (HotspotStatus.DETECTED, HotspotStatus.SUPPRESSING, HotspotStatus.RE_EMERGED),
            HotspotStatus.ELIMINATED,
            _("Only a detected, suppressed or re-emerged hotspot can be eliminated."),
            EliminateForm,
            "eliminated_on",
            _eliminate,
            HotspotAction.ELIMINATED,
            _("The hotspot is recorded as eliminated."),
        ),
        _hotspot_step(
            "monitor",
            _("Put an eliminated hotspot under monitoring"),
            (HotspotStatus.ELIMINATED,),
            HotspotStatus.MONITORING,
            _("Only an eliminated hotspot can be put under monitoring."),
            MonitorForm,
            "monitoring_from",
            _monitor,
            HotspotAction.MONITORED,
            _("The hotspot is under monitoring."),
        ),
        _hotspot_step(
            "close",
            _("Close a hotspot after its monitoring period"),
            (HotspotStatus.MONITORING,),
            HotspotStatus.CLOSED,
            _("Only a monitored hotspot can be closed."),
            HotspotCloseForm,
            "closed_on",
            _hotspot_close,
            HotspotAction.CLOSED,
            _("The hotspot is closed."),
            guards=(rule(_("closed_on after the monitoring period"), _period_over),),
        ),
        _hotspot_step(
            "re_emerge",
            _("Record that a hotspot re-emerged"),
            HOTSPOT_REVERIFIED,
            HotspotStatus.RE_EMERGED,
            _("Only an eliminated or monitored hotspot can re-emerge."),
            ReEmergeForm,
            "re_emerged_on",
            _re_emerge,
            HotspotAction.RE_EMERGED,
            _("The hotspot is recorded as re-emerged."),
            path="re-emerge",
        ),
        Transition(
            name="hotspot_reverify",
            label=_("Re-verify an eliminated hotspot"),
            source=HOTSPOT_REVERIFIED,
            # Unchanged, unless the visit finds it back: then re-emerged.
            target=None,
            refused=_("Only an eliminated or monitored hotspot is re-verified."),
            form=ReverifyForm,
            guards=(
                dated("verified_on", after=_last_check, previous=_("the last check")),
                one_of(
                    "finding",
                    lambda step: ReverificationFinding.values,
                    "reverification_finding_unknown",
                    _("Choose what the re-verification found."),
                ),
            ),
            effect=_reverify,
            event=HotspotAction.REVERIFIED,
            date_field="verified_on",
            path="hotspots/<int:hotspot_pk>/reverify/",
            page_name="hotspot_reverify",
            api_name="api_hotspot_reverify",
            response=HotspotResponse,
            respond=lambda hotspot, reverification: hotspot,
            done=_("The re-verification is recorded."),
        ),
    ),
)


# Key areas ----------------------------------------------------------------------------------


class KeyAreaResponse(serializers.ModelSerializer):
    class Meta:
        model = KeyArea
        fields = [
            "id",
            "status",
            "selected_on",
            "transforming_since",
            "transformed_on",
            "sustained_on",
            "re_emerged_on",
            "version",
        ]


def _key_area_last(area: KeyArea) -> Any:
    days = (
        area.selected_on,
        area.transforming_since,
        area.transformed_on,
        area.sustained_on,
        area.re_emerged_on,
    )
    return max(d for d in days if d)


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


class KeyAreaEvaluationRequest(serializers.Serializer):
    evaluated_on = api_date(input_formats=API_DATES)
    evaluator = serializers.CharField(max_length=200)
    criteria_met = serializers.ListField(
        child=serializers.ChoiceField(choices=list(CRITERIA)), required=False, default=list
    )
    result = serializers.ChoiceField(choices=KeyAreaEvaluationResult.choices)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


def _key_area_evaluate(step: Step) -> KeyAreaEvaluation:
    """Keep the classification computed from the data on the day next to the evaluator's
    finding."""
    area: KeyArea = step.obj
    day = step.data["evaluated_on"]
    computed = commune_classification(scope_for(step.actor), area.commune, day)
    evaluation = KeyAreaEvaluation.objects.create(
        key_area=area,
        evaluated_on=day,
        evaluator=text(step.data.get("evaluator")),
        criteria_met=sorted(step.data.get("criteria_met") or []),
        snapshot=computed.snapshot(),
        result=step.data["result"],
        note=text(step.data.get("note")),
        created_by=step.actor,
    )
    step.changes = {
        "evaluated_on": [None, iso(day)],
        "evaluator": [None, evaluation.evaluator],
        "criteria_met": [None, evaluation.criteria_met],
        "computed_type": [None, computed.area_type],
        "result": [None, evaluation.result],
    }
    step.note = evaluation.note
    return evaluation


def _selected(area: KeyArea) -> Any:
    return area.selected_on


def _key_area_transition(
    name: str,
    *,
    label: Any,
    source: tuple[str, ...],
    target: str,
    field: str,
    form: Any,
    event: str,
    refused: Any,
    done: Any,
    path: str,
) -> Transition:
    """A dated step of a key area: the date after the last step, a new period from it."""
    return Transition(
        name=name,
        label=label,
        source=source,
        target=target,
        refused=refused,
        form=form,
        guards=(dated(field, after=_key_area_last, previous=_("the last step")),),
        effect=_key_area_step(field, target),
        event=event,
        date_field=field,
        path=f"key-areas/<int:key_area_pk>/{path}/",
        page_name=name,
        api_name=f"api_{name}",
        response=KeyAreaResponse,
        done=done,
    )


KEY_AREA = _place_lifecycle(
    name="key_area",
    label=_("Key area"),
    model=KeyArea,
    states=KeyAreaStatus,
    stream=KEY_AREA_STREAM,
    detail="key_area_detail",
    transitions=(
        _key_area_transition(
            "key_area_start",
            label=_("Start the transformation of a key area"),
            source=(KeyAreaStatus.SELECTED,),
            target=KeyAreaStatus.TRANSFORMING,
            field="transforming_since",
            form=KeyAreaStartForm,
            event=KeyAreaAction.STARTED,
            refused=_("Only a selected key area can start its transformation."),
            done=_("The transformation of the key area has started."),
            path="start",
        ),
        _key_area_transition(
            "key_area_transform",
            label=_("Record that a key area is transformed"),
            source=(KeyAreaStatus.TRANSFORMING,),
            target=KeyAreaStatus.TRANSFORMED,
            field="transformed_on",
            form=TransformForm,
            event=KeyAreaAction.TRANSFORMED,
            refused=_("Only a key area being transformed can be recorded as transformed."),
            done=_("The key area is recorded as transformed."),
            path="transform",
        ),
        _key_area_transition(
            "key_area_sustain",
            label=_("Record that a transformation is sustained"),
            source=(KeyAreaStatus.TRANSFORMED,),
            target=KeyAreaStatus.SUSTAINED,
            field="sustained_on",
            form=KeyAreaSustainForm,
            event=KeyAreaAction.SUSTAINED,
            refused=_("Only a transformed key area can be recorded as sustained."),
            done=_("The transformation is recorded as sustained."),
            path="sustain",
        ),
        _key_area_transition(
            "key_area_re_emerge",
            label=_("Record that a key area re-emerged"),
            source=(KeyAreaStatus.TRANSFORMED, KeyAreaStatus.SUSTAINED),
            target=KeyAreaStatus.RE_EMERGED,
            field="re_emerged_on",
            form=KeyAreaReEmergeForm,
            event=KeyAreaAction.RE_EMERGED,
            refused=_("Only a transformed or sustained key area can re-emerge."),
            done=_("The key area is recorded as re-emerged."),
            path="re-emerge",
        ),
        _key_area_transition(
            "key_area_reopen",
            label=_("Reopen the transformation of a re-emerged key area"),
            source=(KeyAreaStatus.RE_EMERGED,),
            target=KeyAreaStatus.TRANSFORMING,
            field="transforming_since",
            form=KeyAreaStartForm,
            event=KeyAreaAction.REOPENED,
            refused=_("Only a re-emerged key area can be reopened."),
            done=_("The transformation of the key area is reopened."),
            path="reopen",
        ),
        Transition(
            name="key_area_evaluate",
            label=_("Evaluate a key area against the criteria"),
            source=tuple(KeyAreaStatus.values),
            target=None,
            refused=_("This key area cannot be evaluated."),
            form=KeyAreaEvaluationForm,
            serializer=KeyAreaEvaluationRequest,
            guards=(
                dated("evaluated_on", after=_selected, previous=_("the selection")),
                required(["evaluator"], "evaluator_required", _("Enter who evaluated the area.")),
            ),
            effect=_key_area_evaluate,
            event=KeyAreaAction.EVALUATED,
            date_field="evaluated_on",
            path="key-areas/<int:key_area_pk>/evaluate/",
            page_name="key_area_evaluate",
            api_name="api_key_area_evaluate",
            response=KeyAreaResponse,
            respond=lambda area, evaluation: area,
            created=True,
            done=_("The evaluation is recorded."),
        ),
    ),
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


def _opened(business: Business) -> Any:
    return business.opened_on


BUSINESS = _place_lifecycle(
    name="business",
    label=_("Conditional business"),
    model=Business,
    states=BusinessStatus,
    stream=BUSINESS_STREAM,
    detail="business_detail",
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


def _recognised(recognition: DrugFreeRecognition) -> Any:
    return recognition.recognised_on


DRUG_FREE = _place_lifecycle(
    name="drug_free",
    label=_("Drug-free recognition"),
    model=DrugFreeRecognition,
    states=DrugFreeStatus,
    stream=DRUG_FREE_STREAM,
    detail="drug_free_detail",
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


DRUG_FREE_ASSESSMENT = _place_lifecycle(
    name="drug_free_assessment",
    label=_("Drug-free assessment"),
    model=DrugFreeAssessment,
    states=DrugFreeAssessmentStatus,
    stream=DRUG_FREE_ASSESSMENT_STREAM,
    detail="drug_free_assessment_detail",
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
