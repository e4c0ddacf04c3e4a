"""REST API of support: reads and the indicator. Transitions are derived from `lifecycles.py`."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pcmt.accounts.scope import scope_for
from pcmt.core.dates import api_date
from pcmt.core.errors import DomainError, NotFound
from pcmt.persons.models import AccessChannel
from pcmt.persons.selectors import person_get
from pcmt.support import selectors
from pcmt.support.forms import default_period
from pcmt.support.serializers import (
    CheckInSerializer,
    ReleaseSerializer,
    ServiceSerializer,
    SummonsSerializer,
)

DATES = ["%d/%m/%Y", "iso-8601"]


class PersonSupportSerializer(serializers.Serializer):
    services = ServiceSerializer(many=True)
    releases = ReleaseSerializer(many=True)
    summonses = SummonsSerializer(many=True)
    check_ins = CheckInSerializer(many=True)
    missed_in_a_row = serializers.IntegerField()


class ReachSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    persons = serializers.IntegerField()
    reached = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)


class ServicesReachedSerializer(serializers.Serializer):
    start = api_date()
    end = api_date()
    communes = ReachSerializer(many=True)
    total = ReachSerializer()


class PersonSupportView(APIView):
    """A person's services, releases, summonses and check-ins."""

    @extend_schema(responses=PersonSupportSerializer)
    def get(self, request: Request, pk: int) -> Response:
        scope = scope_for(request.user)
        person = person_get(scope=scope, pk=pk, user=request.user, channel=AccessChannel.API)
        return Response(PersonSupportSerializer(selectors.person_support(person)).data)


class PeriodQuerySerializer(serializers.Serializer):
    start = api_date(input_formats=DATES, required=False)
    end = api_date(input_formats=DATES, required=False)


class ServicesReachedView(APIView):
    """Persons with records who reached services, by commune and in total (counts only)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("start", str, description="dd/mm/yyyy; default 1 January"),
            OpenApiParameter("end", str, description="dd/mm/yyyy; default 31 December"),
        ],
        responses=ServicesReachedSerializer,
    )
    def get(self, request: Request) -> Response:
        scope = scope_for(request.user)
        if not scope.can_read_aggregates:
            raise NotFound()
        query = PeriodQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        period = default_period() | dict(query.validated_data)
        if period["end"] < period["start"]:
            raise DomainError(
                "period_reversed", _("The end of the period is before its start."), "end"
            )
        result = selectors.services_reached(scope, period["start"], period["end"])
        return Response(
            ServicesReachedSerializer(
                {
                    "start": result.start,
                    "end": result.end,
                    "communes": result.communes,
                    "total": result.total,
                }
            ).data
        )
