"""REST API of casework: drug tests, user-management transitions, the worklist."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pcmt.accounts.scope import Scope, scope_for
from pcmt.api.actions import action_view, load_person
from pcmt.casework import selectors, services
from pcmt.casework.models import (
    AddictionDetermination,
    DeterminationResult,
    DeterminationTrigger,
    DrugTest,
    ManagementEndReason,
    SubstitutionTherapy,
    TestGrounds,
    TestResult,
    TherapyStopReason,
    UserManagement,
)
from pcmt.core.extensions import worklist_sections

DATES = ["%d/%m/%Y", "iso-8601"]


class DrugTestSerializer(serializers.ModelSerializer):
    class Meta:
        model = DrugTest
        fields = ["id", "tested_on", "place", "result", "substances", "tested_by", "grounds"]


class DrugTestWriteSerializer(serializers.Serializer):
    tested_on = serializers.DateField(input_formats=DATES)
    place = serializers.CharField(max_length=200)
    result = serializers.ChoiceField(choices=TestResult.choices)
    substances = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    tested_by = serializers.CharField(max_length=200)
    grounds = serializers.ChoiceField(
        choices=TestGrounds.choices, required=False, allow_blank=True, default=""
    )


class ManagementSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id")

    class Meta:
        model = UserManagement
        fields = [
            "id",
            "person",
            "status",
            "law_code",
            "decision_due",
            "decision_number",
            "decision_date",
            "signer",
            "period_end",
            "ended_on",
            "end_reason",
        ]


class DecisionWriteSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=60)
    decision_date = serializers.DateField(input_formats=DATES)
    signer = serializers.CharField(max_length=120)


class EndWriteSerializer(serializers.Serializer):
    ended_on = serializers.DateField(input_formats=DATES)
    reason = serializers.ChoiceField(choices=ManagementEndReason.choices)


class WorklistView(APIView):
    """Decisions due and periods ending in your jurisdiction."""

    @extend_schema(responses=ManagementSerializer(many=True))
    def get(self, request: Request) -> Response:
        scope = scope_for(request.user)
        worklist = selectors.worklist_for(scope)
        sections = worklist_sections(scope, worklist.today)
        return Response(
            {
                "decisions_due": ManagementSerializer(worklist.decisions_due, many=True).data,
                "periods_ending": ManagementSerializer(worklist.periods_ending, many=True).data,
                "determinations": DeterminationSerializer(worklist.determinations, many=True).data,
                "sections": [
                    {
                        "key": section.key,
                        "title": str(section.title),
                        "count": section.count,
                        "items": [
                            {
                                "person": item.person_id,
                                "label": str(item.label),
                                "due": item.due,
                                "url": item.url,
                            }
                            for item in section.items
                        ],
                    }
                    for section in sections
                ],
            }
        )


class DeterminationSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id")

    class Meta:
        model = AddictionDetermination
        fields = [
            "id",
            "person",
            "trigger",
            "status",
            "law_code",
            "required_on",
            "facility",
            "requested_on",
            "determined_on",
            "result",
        ]


class DeterminationRequireSerializer(serializers.Serializer):
    trigger = serializers.ChoiceField(choices=DeterminationTrigger.choices)
    required_on = serializers.DateField(input_formats=DATES)


class DeterminationRequestSerializer(serializers.Serializer):
    facility = serializers.CharField(max_length=200)
    requested_on = serializers.DateField(input_formats=DATES)


class DeterminationResultSerializer(serializers.Serializer):
    determined_on = serializers.DateField(input_formats=DATES)
    result = serializers.ChoiceField(choices=DeterminationResult.choices)


class TherapySerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id")

    class Meta:
        model = SubstitutionTherapy
        fields = ["id", "person", "clinic", "started_on", "stopped_on", "stop_reason"]


class TherapyStartSerializer(serializers.Serializer):
    clinic = serializers.CharField(max_length=200)
    started_on = serializers.DateField(input_formats=DATES)


class TherapyStopSerializer(serializers.Serializer):
    stopped_on = serializers.DateField(input_formats=DATES)
    reason = serializers.ChoiceField(choices=TherapyStopReason.choices)


def _management(scope: Scope, pk: int) -> UserManagement:
    return selectors.management_get(scope=scope, pk=pk)


def _determination(scope: Scope, pk: int) -> AddictionDetermination:
    return selectors.determination_get(scope=scope, pk=pk)


def _therapy(scope: Scope, pk: int) -> SubstitutionTherapy:
    return selectors.therapy_get(scope=scope, pk=pk)


DrugTestListView = action_view(
    summary="Record a drug test on a person; a positive one opens the user-management measure.",
    load=load_person,
    url_kwarg="pk",
    target="person",
    service=services.drug_test_record,
    request_serializer=DrugTestWriteSerializer,
    response_serializer=DrugTestSerializer,
    created=True,
)
ManagementDecisionView = action_view(
    summary="Record the commune chairman's decision.",
    load=_management,
    url_kwarg="management_pk",
    target="management",
    service=services.management_decision_issue,
    request_serializer=DecisionWriteSerializer,
    response_serializer=ManagementSerializer,
)
ManagementEndView = action_view(
    summary="End a management: period served, or early for a reason the law lists.",
    load=_management,
    url_kwarg="management_pk",
    target="management",
    service=services.management_end,
    request_serializer=EndWriteSerializer,
    response_serializer=ManagementSerializer,
)
DeterminationListView = action_view(
    summary="Record that a person's addiction must be determined, and why.",
    load=load_person,
    url_kwarg="pk",
    target="person",
    service=services.determination_require,
    request_serializer=DeterminationRequireSerializer,
    response_serializer=DeterminationSerializer,
    created=True,
)
DeterminationRequestView = action_view(
    summary="Send the person to a qualified medical facility.",
    load=_determination,
    url_kwarg="determination_pk",
    target="determination",
    service=services.determination_request,
    request_serializer=DeterminationRequestSerializer,
    response_serializer=DeterminationSerializer,
)
DeterminationResultView = action_view(
    summary="Record the facility's result; dependence ends the user management.",
    load=_determination,
    url_kwarg="determination_pk",
    target="determination",
    service=services.determination_record,
    request_serializer=DeterminationResultSerializer,
    response_serializer=DeterminationSerializer,
)
TherapyListView = action_view(
    summary="Start substitution therapy (methadone) for a person.",
    load=load_person,
    url_kwarg="pk",
    target="person",
    service=services.therapy_start,
    request_serializer=TherapyStartSerializer,
    response_serializer=TherapySerializer,
    created=True,
)
TherapyStopView = action_view(
    summary="Stop substitution therapy with a reason.",
    load=_therapy,
    url_kwarg="therapy_pk",
    target="therapy",
    service=services.therapy_stop,
    request_serializer=TherapyStopSerializer,
    response_serializer=TherapySerializer,
)
