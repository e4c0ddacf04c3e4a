"""REST API of outreach: activities (list with filters, record one, read one)."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pcmt.core.dates import api_date
from pcmt.core.errors import DomainError, NotFound
from pcmt.outreach import selectors
from pcmt.outreach.models import OnlineChannel, OutreachActivity, Topic
from pcmt.outreach.services import OutreachInput, outreach_record

DATES = ["%d/%m/%Y", "%Y-%m-%d"]


class ActivitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    commune = serializers.CharField(source="commune.code")
    held_on = api_date()
    organiser = serializers.CharField()
    audience = serializers.IntegerField()
    topics = serializers.ListField(child=serializers.ChoiceField(choices=Topic.choices))
    schools = serializers.SerializerMethodField()
    villages = serializers.SerializerMethodField()
    industrial_zones = serializers.SerializerMethodField()
    channel = serializers.CharField()
    channel_name = serializers.CharField()
    channel_reach = serializers.IntegerField(allow_null=True)
    materials = serializers.CharField()

    def get_schools(self, activity: OutreachActivity) -> list[int]:
        return [s.pk for s in activity.schools.all()]

    def get_villages(self, activity: OutreachActivity) -> list[int]:
        return [v.pk for v in activity.villages.all()]

    def get_industrial_zones(self, activity: OutreachActivity) -> list[int]:
        return [z.pk for z in activity.industrial_zones.all()]


class ActivityInputSerializer(serializers.Serializer):
    commune = serializers.CharField(help_text="commune code")
    held_on = api_date(input_formats=DATES)
    organiser = serializers.CharField(max_length=200)
    audience = serializers.IntegerField(min_value=0)
    topics = serializers.ListField(child=serializers.ChoiceField(choices=Topic.choices))
    schools = serializers.ListField(child=serializers.IntegerField(), required=False)
    villages = serializers.ListField(child=serializers.IntegerField(), required=False)
    industrial_zones = serializers.ListField(child=serializers.IntegerField(), required=False)
    channel = serializers.ChoiceField(
        choices=[("", ""), *OnlineChannel.choices], required=False, default=""
    )
    channel_name = serializers.CharField(required=False, default="", allow_blank=True)
    channel_reach = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    materials = serializers.CharField(required=False, default="", allow_blank=True)


class FilterSerializer(serializers.Serializer):
    since = api_date(input_formats=DATES, required=False)
    until = api_date(input_formats=DATES, required=False)
    topic = serializers.ChoiceField(choices=Topic.choices, required=False)


def _chosen(ids: list[int], choices: Any, field: str) -> list[Any]:
    found = list(choices.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise DomainError("outreach_target_unknown", _("A chosen target was not found."), field)
    return found


class ActivityListView(APIView):
    """Activities the user may read, newest first; officers record new ones."""

    @extend_schema(
        parameters=[
            OpenApiParameter("since", str, description="dd/mm/yyyy"),
            OpenApiParameter("until", str, description="dd/mm/yyyy"),
            OpenApiParameter("topic", str, enum=Topic.values),
        ],
        responses=ActivitySerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        if not selectors.outreach_can_read(request.user):
            raise NotFound()
        query = FilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = selectors.outreach_list(request.user, **query.validated_data)
        found = found.prefetch_related("schools", "villages", "industrial_zones")
        return Response(ActivitySerializer(found[:1000], many=True).data)

    @extend_schema(request=ActivityInputSerializer, responses={201: ActivitySerializer})
    def post(self, request: Request) -> Response:
        if not selectors.outreach_can_write(request.user):
            raise NotFound()
        given = ActivityInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        targets = selectors.outreach_targets(request.user)
        commune = targets["communes"].filter(code=data["commune"]).first()
        if commune is None:
            raise NotFound()
        activity = outreach_record(
            actor=request.user,
            data=OutreachInput(
                commune=commune,
                held_on=data["held_on"],
                organiser=data["organiser"],
                audience=data["audience"],
                topics=data["topics"],
                schools=_chosen(data.get("schools", []), targets["schools"], "schools"),
                villages=_chosen(data.get("villages", []), targets["villages"], "villages"),
                industrial_zones=_chosen(
                    data.get("industrial_zones", []),
                    targets["industrial_zones"],
                    "industrial_zones",
                ),
                channel=data["channel"],
                channel_name=data["channel_name"],
                channel_reach=data.get("channel_reach"),
                materials=data["materials"],
            ),
        )
        return Response(ActivitySerializer(activity).data, status=201)


class ActivityDetailView(APIView):
    """One activity of the user's jurisdiction (404 outside it)."""

    @extend_schema(responses=ActivitySerializer)
    def get(self, request: Request, activity_pk: int) -> Response:
        return Response(ActivitySerializer(selectors.outreach_get(request.user, activity_pk)).data)
