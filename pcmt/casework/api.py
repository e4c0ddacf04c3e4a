"""REST API of casework: drug tests, user-management transitions, the worklist."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pcmt.accounts.scope import scope_for
from pcmt.casework import selectors, services
from pcmt.casework.models import (
    AddictionDetermination,
    DeterminationResult,
    DeterminationTrigger,
    DrugTest,
    ManagementEndReason,
    SubstitutionTherapy,
    TestResult,
    TherapyStopReason,
    UserManagement,
)
from pcmt.core.errors import NotFound
from pcmt.core.extensions import worklist_sections
from pcmt.persons.selectors import person_get

DATES = ["%d/%m/%Y", "iso-8601"]


class DrugTestSerializer(serializers.ModelSerializer):
    class Meta:
        model = DrugTest
        fields = ["id", "tested_on", "place", "result", "substances", "tested_by"]


class DrugTestWriteSerializer(serializers.Serializer):
    tested_on = serializers.DateField(input_formats=DATES)
    place = serializers.CharField(max_length=200)
    result = serializers.ChoiceField(choices=TestResult.choices)
    substances = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    tested_by = serializers.CharField(max_length=200)


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


def _writable(request: Request, pk: int) -> UserManagement:
    """A management the user may change; anything else is not found."""
    scope = scope_for(request.user)
    management = selectors.management_get(scope=scope, pk=pk)
    if not scope.can_write_persons:
        raise NotFound()
    return management


class DrugTestListView(APIView):
    """Record a drug test on a person; a positive one opens the user-management measure."""

    @extend_schema(request=DrugTestWriteSerializer, responses={201: DrugTestSerializer})
    def post(self, request: Request, pk: int) -> Response:
        scope = scope_for(request.user)
        person = person_get(scope=scope, pk=pk)
        if not scope.can_write_persons:
            raise NotFound()
        data = DrugTestWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        test = services.drug_test_record(actor=request.user, person=person, **data.validated_data)
        return Response(DrugTestSerializer(test).data, status=status.HTTP_201_CREATED)


class ManagementDecisionView(APIView):
    """Record the commune chairman's decision."""

    @extend_schema(request=DecisionWriteSerializer, responses=ManagementSerializer)
    def post(self, request: Request, management_pk: int) -> Response:
        management = _writable(request, management_pk)
        data = DecisionWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        management = services.management_decision_issue(
            actor=request.user, management=management, **data.validated_data
        )
        return Response(ManagementSerializer(management).data)


class ManagementEndView(APIView):
    """End a management: period served, or early for a reason the law lists."""

    @extend_schema(request=EndWriteSerializer, responses=ManagementSerializer)
    def post(self, request: Request, management_pk: int) -> Response:
        management = _writable(request, management_pk)
        data = EndWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        management = services.management_end(
            actor=request.user, management=management, **data.validated_data
        )
        return Response(ManagementSerializer(management).data)


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


def _writable_determination(request: Request, pk: int) -> AddictionDetermination:
    scope = scope_for(request.user)
    determination = selectors.determination_get(scope=scope, pk=pk)
    if not scope.can_write_persons:
        raise NotFound()
    return determination


class DeterminationListView(APIView):
    """Record that a person's addiction must be determined, and why."""

    @extend_schema(request=DeterminationRequireSerializer, responses={201: DeterminationSerializer})
    def post(self, request: Request, pk: int) -> Response:
        scope = scope_for(request.user)
        person = person_get(scope=scope, pk=pk)
        if not scope.can_write_persons:
            raise NotFound()
        data = DeterminationRequireSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        determination = services.determination_require(
            actor=request.user, person=person, **data.validated_data
        )
        return Response(DeterminationSerializer(determination).data, status=status.HTTP_201_CREATED)


class DeterminationRequestView(APIView):
    """Send the person to a qualified medical facility."""

    @extend_schema(request=DeterminationRequestSerializer, responses=DeterminationSerializer)
    def post(self, request: Request, determination_pk: int) -> Response:
        determination = _writable_determination(request, determination_pk)
        data = DeterminationRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        determination = services.determination_request(
            actor=request.user, determination=determination, **data.validated_data
        )
        return Response(DeterminationSerializer(determination).data)


class DeterminationResultView(APIView):
    """Record the facility's result; dependence ends the user management."""

    @extend_schema(request=DeterminationResultSerializer, responses=DeterminationSerializer)
    def post(self, request: Request, determination_pk: int) -> Response:
        determination = _writable_determination(request, determination_pk)
        data = DeterminationResultSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        determination = services.determination_record(
            actor=request.user, determination=determination, **data.validated_data
        )
        return Response(DeterminationSerializer(determination).data)


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


class TherapyListView(APIView):
    """Start substitution therapy (methadone) for a person."""

    @extend_schema(request=TherapyStartSerializer, responses={201: TherapySerializer})
    def post(self, request: Request, pk: int) -> Response:
        scope = scope_for(request.user)
        person = person_get(scope=scope, pk=pk)
        if not scope.can_write_persons:
            raise NotFound()
        data = TherapyStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        therapy = services.therapy_start(actor=request.user, person=person, **data.validated_data)
        return Response(TherapySerializer(therapy).data, status=status.HTTP_201_CREATED)


class TherapyStopView(APIView):
    """Stop substitution therapy with a reason."""

    @extend_schema(request=TherapyStopSerializer, responses=TherapySerializer)
    def post(self, request: Request, therapy_pk: int) -> Response:
        scope = scope_for(request.user)
        therapy = selectors.therapy_get(scope=scope, pk=therapy_pk)
        if not scope.can_write_persons:
            raise NotFound()
        data = TherapyStopSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        therapy = services.therapy_stop(actor=request.user, therapy=therapy, **data.validated_data)
        return Response(TherapySerializer(therapy).data)
