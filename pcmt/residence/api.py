"""REST API of residence moves: every transition, the list and the look-up by ID number."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pcmt.accounts.scope import Scope, scope_for
from pcmt.api.actions import action_view, load_person
from pcmt.core.errors import NotFound
from pcmt.geo.models import AdminUnit
from pcmt.persons.models import AccessChannel
from pcmt.residence import selectors, services
from pcmt.residence.forms import commune_by_code_or_name
from pcmt.residence.models import MoveStatus, ResidenceMove

DATES = ["%d/%m/%Y", "iso-8601"]
TIMES = ["%H:%M", "iso-8601"]


class MoveSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id")
    from_commune = serializers.CharField(source="from_commune.code")
    to_commune = serializers.CharField(source="to_commune.code")

    class Meta:
        model = ResidenceMove
        fields = [
            "id",
            "person",
            "origin",
            "status",
            "law_code",
            "from_commune",
            "to_commune",
            "new_address",
            "moved_on",
            "moved_time",
            "notify_due",
            "notified_at",
            "notified_late",
            "report_due",
            "reported_on",
            "reported_time",
            "reported_late",
            "accepted_at",
            "closed_at",
            "reason",
        ]


@extend_schema_field(OpenApiTypes.STR)
class CommuneCodeField(serializers.Field):
    """Any commune in force, by its 5-digit code or its exact name."""

    def to_internal_value(self, data: Any) -> AdminUnit:
        if not isinstance(data, str | int) or not str(data).strip() or len(str(data)) > 120:
            raise serializers.ValidationError(_("Enter the code or the name of a commune."))
        try:
            return commune_by_code_or_name(str(data))
        except forms.ValidationError as error:
            raise serializers.ValidationError(error.messages) from error

    def to_representation(self, value: AdminUnit) -> str:
        return value.code


class MoveWriteSerializer(serializers.Serializer):
    to_commune = CommuneCodeField()
    new_address = serializers.CharField(max_length=300)
    moved_on = serializers.DateField(input_formats=DATES)
    moved_time = serializers.TimeField(input_formats=TIMES, required=False, allow_null=True)


class NotifySerializer(serializers.Serializer):
    """No input: the notice is sent now."""


class AcceptSerializer(serializers.Serializer):
    reported_on = serializers.DateField(input_formats=DATES, required=False, allow_null=True)
    reported_time = serializers.TimeField(input_formats=TIMES, required=False, allow_null=True)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class LookupSerializer(serializers.Serializer):
    id_number = serializers.RegexField(r"^\s*\d{12}\s*$", max_length=20)


class LookupResultSerializer(serializers.Serializer):
    match = serializers.BooleanField()
    full_name = serializers.CharField(required=False)
    birth_year = serializers.IntegerField(required=False)
    sending_commune = serializers.CharField(required=False)


class ArrivalSerializer(serializers.Serializer):
    id_number = serializers.RegexField(r"^\s*\d{12}\s*$", max_length=20)
    to_commune = CommuneCodeField()
    new_address = serializers.CharField(max_length=300)
    moved_on = serializers.DateField(input_formats=DATES)
    moved_time = serializers.TimeField(input_formats=TIMES, required=False, allow_null=True)
    reported_on = serializers.DateField(input_formats=DATES)
    reported_time = serializers.TimeField(input_formats=TIMES, required=False, allow_null=True)


def _move(scope: Scope, pk: int) -> ResidenceMove:
    return selectors.move_get(scope=scope, pk=pk)


MoveRecordView = action_view(
    summary="Record that a person moved to another commune (sending commune).",
    load=load_person,
    url_kwarg="pk",
    target="person",
    service=services.move_record,
    request_serializer=MoveWriteSerializer,
    response_serializer=MoveSerializer,
    created=True,
)
MoveNotifyView = action_view(
    summary="Notify the receiving commune (Law 120/2025: within 24 hours of the move).",
    load=_move,
    url_kwarg="move_pk",
    target="move",
    service=services.move_notify,
    request_serializer=NotifySerializer,
    response_serializer=MoveSerializer,
)
MoveAcceptView = action_view(
    summary="Take the record over (receiving commune); records the day the person reported.",
    load=_move,
    url_kwarg="move_pk",
    target="move",
    service=services.move_accept,
    request_serializer=AcceptSerializer,
    response_serializer=MoveSerializer,
)
MoveCancelView = action_view(
    summary="Cancel a move before it is accepted (sending commune).",
    load=_move,
    url_kwarg="move_pk",
    target="move",
    service=services.move_cancel,
    request_serializer=ReasonSerializer,
    response_serializer=MoveSerializer,
)
MoveRefuseView = action_view(
    summary="Refuse a move, with a reason (receiving commune).",
    load=_move,
    url_kwarg="move_pk",
    target="move",
    service=services.move_refuse,
    request_serializer=ReasonSerializer,
    response_serializer=MoveSerializer,
)


class MoveListView(APIView):
    """Moves out of and into your jurisdiction, newest first."""

    @extend_schema(
        parameters=[
            OpenApiParameter("direction", str, enum=["in", "out"]),
            OpenApiParameter("status", str, enum=MoveStatus.values),
            OpenApiParameter("page", int),
        ],
        responses=MoveSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        scope = scope_for(request.user)
        if not scope.can_read_persons:
            raise NotFound()
        direction = request.query_params.get("direction", "")
        moves = selectors.moves_visible(scope, direction).select_related(
            "from_commune", "to_commune"
        )
        wanted = request.query_params.get("status", "")
        if wanted in MoveStatus.values:
            moves = moves.filter(status=wanted)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(moves, request, view=self) or []
        return paginator.get_paginated_response(MoveSerializer(page, many=True).data)


class MoveDetailView(APIView):
    """One move in or out of your jurisdiction."""

    @extend_schema(responses=MoveSerializer)
    def get(self, request: Request, move_pk: int) -> Response:
        move = selectors.move_get(scope=scope_for(request.user), pk=move_pk)
        return Response(MoveSerializer(move).data)


class MoveLookupView(APIView):
    """Look a person up by exact personal ID number (receiving-commune officers). A match
    gives only the name, birth year and managing commune; no match gives nothing more."""

    @extend_schema(request=LookupSerializer, responses=LookupResultSerializer)
    def post(self, request: Request) -> Response:
        scope = scope_for(request.user)
        if not scope.can_write_persons:
            raise NotFound()
        data = LookupSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        found = selectors.person_lookup(
            scope=scope,
            id_number=data.validated_data["id_number"],
            user=request.user,
            channel=AccessChannel.API,
        )
        if found is None:
            return Response({"match": False})
        return Response(
            {
                "match": True,
                "full_name": found.full_name,
                "birth_year": found.birth_year,
                "sending_commune": found.sending_commune,
            }
        )


class MoveArrivalView(APIView):
    """The person reported at your commune first: open the move; the sending commune is told."""

    @extend_schema(request=ArrivalSerializer, responses={201: MoveSerializer})
    def post(self, request: Request) -> Response:
        if not scope_for(request.user).can_write_persons:
            raise NotFound()
        data = ArrivalSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        move = services.move_report_arrival(actor=request.user, **data.validated_data)
        return Response(MoveSerializer(move).data, status=status.HTTP_201_CREATED)
