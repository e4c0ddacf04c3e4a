"""REST API of residence moves: the list, the look-up by ID number and the arrival report.
The transitions of a move are derived from `lifecycles.py`."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pcmt.accounts.scope import scope_for
from pcmt.core.dates import api_date
from pcmt.core.errors import NotFound
from pcmt.persons.models import AccessChannel
from pcmt.residence import selectors, services
from pcmt.residence.models import MoveStatus
from pcmt.residence.serializers import DATES, TIMES, CommuneCodeField, MoveSerializer


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
    moved_on = api_date(input_formats=DATES)
    moved_time = serializers.TimeField(input_formats=TIMES, required=False, allow_null=True)
    reported_on = api_date(input_formats=DATES)
    reported_time = serializers.TimeField(input_formats=TIMES, required=False, allow_null=True)


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
