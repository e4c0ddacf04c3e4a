"""REST API of support: services, prison release, summonses, check-ins, the indicator."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pcmt.accounts.scope import Scope, scope_for
from pcmt.api.actions import action_view, load_person
from pcmt.casework.models import UserManagement
from pcmt.core.errors import DomainError, NotFound
from pcmt.persons.models import AccessChannel, Person
from pcmt.persons.selectors import person_get
from pcmt.support import selectors, services
from pcmt.support.forms import default_period
from pcmt.support.models import (
    CheckIn,
    PrisonRelease,
    ServiceReceived,
    ServiceType,
    Summons,
    SummonsStatus,
)

DATES = ["%d/%m/%Y", "iso-8601"]


class ServiceSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id")

    class Meta:
        model = ServiceReceived
        fields = ["id", "person", "service_type", "received_on", "provider", "note"]


class ServiceWriteSerializer(serializers.Serializer):
    service_type = serializers.ChoiceField(choices=ServiceType.choices)
    received_on = serializers.DateField(input_formats=DATES)
    provider = serializers.CharField(max_length=200)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ReleaseSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id")
    return_commune = serializers.CharField(source="return_commune.code")

    class Meta:
        model = PrisonRelease
        fields = [
            "id",
            "person",
            "released_on",
            "facility",
            "judgment",
            "return_commune",
            "contact_due",
            "first_contact_on",
            "first_contact_note",
        ]


class ReleaseWriteSerializer(serializers.Serializer):
    released_on = serializers.DateField(input_formats=DATES)
    facility = serializers.CharField(max_length=200)
    judgment = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ContactWriteSerializer(serializers.Serializer):
    contacted_on = serializers.DateField(input_formats=DATES)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class SummonsSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id")

    class Meta:
        model = Summons
        fields = [
            "id",
            "person",
            "management",
            "law_code",
            "issued_on",
            "appear_on",
            "place",
            "purpose",
            "status",
            "attendance_on",
            "attendance_note",
        ]


class SummonsWriteSerializer(serializers.Serializer):
    issued_on = serializers.DateField(input_formats=DATES)
    appear_on = serializers.DateField(input_formats=DATES)
    place = serializers.CharField(max_length=200)
    purpose = serializers.CharField(max_length=300)
    management = serializers.IntegerField(required=False, allow_null=True, default=None)


class AttendanceWriteSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[c for c in SummonsStatus.choices if c[0] != SummonsStatus.PENDING]
    )
    attendance_on = serializers.DateField(input_formats=DATES)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class CheckInSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id")

    class Meta:
        model = CheckIn
        fields = ["id", "person", "checked_in_on", "note"]


class CheckInWriteSerializer(serializers.Serializer):
    checked_in_on = serializers.DateField(input_formats=DATES)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


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
    start = serializers.DateField()
    end = serializers.DateField()
    communes = ReachSerializer(many=True)
    total = ReachSerializer()


def _writable_person(request: Request, pk: int) -> Person:
    """A person the user may change; anything else is not found."""
    scope = scope_for(request.user)
    person = person_get(scope=scope, pk=pk)
    if not scope.can_write_persons:
        raise NotFound()
    return person


def _valid(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


class PersonSupportView(APIView):
    """A person's services, releases, summonses and check-ins."""

    @extend_schema(responses=PersonSupportSerializer)
    def get(self, request: Request, pk: int) -> Response:
        scope = scope_for(request.user)
        person = person_get(scope=scope, pk=pk, user=request.user, channel=AccessChannel.API)
        return Response(PersonSupportSerializer(selectors.person_support(person.pk)).data)


class SummonsListView(APIView):
    """Issue a summons, optionally under the person's user management."""

    @extend_schema(request=SummonsWriteSerializer, responses={201: SummonsSerializer})
    def post(self, request: Request, pk: int) -> Response:
        person = _writable_person(request, pk)
        data = _valid(SummonsWriteSerializer, request)
        management_pk = data.pop("management")
        management = None
        if management_pk is not None:
            management = UserManagement.objects.filter(
                pk=management_pk, person_id=person.pk
            ).first()
            if management is None:
                raise DomainError(
                    "management_not_of_person",
                    _("This user management belongs to another person."),
                    "management",
                )
        summons = services.summons_issue(
            actor=request.user, person=person, management=management, **data
        )
        return Response(SummonsSerializer(summons).data, status=status.HTTP_201_CREATED)


class PeriodQuerySerializer(serializers.Serializer):
    start = serializers.DateField(input_formats=DATES, required=False)
    end = serializers.DateField(input_formats=DATES, required=False)


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


def _release(scope: Scope, pk: int) -> PrisonRelease:
    return selectors.release_get(scope=scope, pk=pk)


def _summons(scope: Scope, pk: int) -> Summons:
    return selectors.summons_get(scope=scope, pk=pk)


ServiceListView = action_view(
    summary="Record a service the person received.",
    load=load_person,
    url_kwarg="pk",
    target="person",
    service=services.service_record,
    request_serializer=ServiceWriteSerializer,
    response_serializer=ServiceSerializer,
    created=True,
)
ReleaseListView = action_view(
    summary="Record a release from prison; the managing commune is to receive the person.",
    load=load_person,
    url_kwarg="pk",
    target="person",
    service=services.release_record,
    request_serializer=ReleaseWriteSerializer,
    response_serializer=ReleaseSerializer,
    created=True,
)
ReleaseContactView = action_view(
    summary="Record the first contact with a released person.",
    load=_release,
    url_kwarg="release_pk",
    target="release",
    service=services.release_contact_record,
    request_serializer=ContactWriteSerializer,
    response_serializer=ReleaseSerializer,
)
SummonsAttendanceView = action_view(
    summary="Record, once, whether the person attended.",
    load=_summons,
    url_kwarg="summons_pk",
    target="summons",
    service=services.summons_attendance_record,
    request_serializer=AttendanceWriteSerializer,
    response_serializer=SummonsSerializer,
)
CheckInListView = action_view(
    summary="Record that the person reported to the commune police.",
    load=load_person,
    url_kwarg="pk",
    target="person",
    service=services.check_in_record,
    request_serializer=CheckInWriteSerializer,
    response_serializer=CheckInSerializer,
    created=True,
)
