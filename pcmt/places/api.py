"""REST API of hotspots, through the same selectors and services as the pages; the
transitions (eliminate, re-emerge) are derived from `lifecycles.HOTSPOT`."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pcmt.core.dates import api_date
from pcmt.core.errors import DomainError, NotFound
from pcmt.geo.models import AdminUnit, Village
from pcmt.lifecycle.views import API_DATES
from pcmt.places import selectors, services
from pcmt.places.models import Hotspot, HotspotKind, HotspotSeverity, HotspotStatus


class HotspotSerializer(serializers.ModelSerializer):
    commune = serializers.CharField(source="commune.code")
    commune_name = serializers.CharField(source="commune.full_name", read_only=True)
    village = serializers.IntegerField(source="village_id", allow_null=True, required=False)

    class Meta:
        model = Hotspot
        fields = [
            "id",
            "name",
            "commune",
            "commune_name",
            "village",
            "address",
            "latitude",
            "longitude",
            "location_override_reason",
            "kind",
            "severity",
            "status",
            "discovered_on",
            "eliminated_on",
            "re_emerged_on",
            "business_name",
            "source",
            "note",
            "updated_at",
        ]
        read_only_fields = fields


class _HotspotWrite(serializers.Serializer):
    commune = serializers.RegexField(r"^[0-9]{5}$", help_text="5-digit commune code")
    village = serializers.IntegerField(required=False, allow_null=True)
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=HotspotKind.choices)
    severity = serializers.ChoiceField(
        choices=HotspotSeverity.choices, default=HotspotSeverity.ORDINARY
    )
    discovered_on = api_date(input_formats=API_DATES)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    latitude = serializers.DecimalField(
        max_digits=8, decimal_places=6, required=False, allow_null=True, default=None
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True, default=None
    )
    location_override_reason = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )
    business_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    source = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")  # type: ignore[assignment]
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class _ListParams(serializers.Serializer):
    commune = serializers.CharField(required=False, max_length=5)
    status = serializers.ChoiceField(choices=HotspotStatus.choices, required=False)
    severity = serializers.ChoiceField(choices=HotspotSeverity.choices, required=False)
    kind = serializers.ChoiceField(choices=HotspotKind.choices, required=False)


def _hotspot_input(user: Any, data: dict[str, Any]) -> services.HotspotInput:
    commune = selectors.hotspot_writable_communes(user).filter(code=data["commune"]).first()
    if commune is None:
        raise DomainError(
            "hotspot_commune_unknown",
            _("No commune with this code in your jurisdiction."),
            "commune",
        )
    village = None
    if data.get("village"):
        village = Village.objects.filter(pk=data["village"], commune=commune).first()
        if village is None:
            raise DomainError(
                "location_village_other_commune",
                _("This village or residential group belongs to another commune."),
                "village",
            )
    values = {k: v for k, v in data.items() if k not in ("commune", "village")}
    return services.HotspotInput(commune=commune, village=village, **values)


class HotspotListView(APIView):
    """Hotspots in your jurisdiction (police officers and supervisors); officers register."""

    @extend_schema(
        parameters=[
            OpenApiParameter("commune", str, description="5-digit commune code"),
            OpenApiParameter("status", str, enum=HotspotStatus.values),
            OpenApiParameter("severity", str, enum=HotspotSeverity.values),
            OpenApiParameter("kind", str, enum=HotspotKind.values),
            OpenApiParameter("page", int),
        ],
        responses=HotspotSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        if not selectors.hotspot_can_read(request.user):
            raise NotFound()
        params = _ListParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        p = dict(params.validated_data)
        commune = None
        if p.pop("commune", None):
            commune = AdminUnit.objects.filter(code=params.validated_data["commune"]).first()
            if commune is None:
                return Response({"count": 0, "next": None, "previous": None, "results": []})
        hotspots = selectors.hotspot_list(request.user, commune=commune, **p)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(hotspots, request, view=self)
        return paginator.get_paginated_response(HotspotSerializer(page, many=True).data)

    @extend_schema(request=_HotspotWrite, responses={201: HotspotSerializer})
    def post(self, request: Request) -> Response:
        """Register a hotspot; a point outside the commune needs `location_override_reason`."""
        if not selectors.hotspot_can_write(request.user):
            raise NotFound()
        body = _HotspotWrite(data=request.data)
        body.is_valid(raise_exception=True)
        hotspot = services.hotspot_create(
            actor=request.user, data=_hotspot_input(request.user, body.validated_data)
        )
        return Response(HotspotSerializer(hotspot).data, status=status.HTTP_201_CREATED)


class HotspotDetailView(APIView):
    @extend_schema(responses=HotspotSerializer)
    def get(self, request: Request, hotspot_pk: int) -> Response:
        return Response(HotspotSerializer(selectors.hotspot_get(request.user, hotspot_pk)).data)


class _CountsParams(serializers.Serializer):
    on = api_date(input_formats=API_DATES, required=False)


class HotspotCountsSerializer(serializers.Serializer):
    on = api_date()
    total = serializers.IntegerField()
    by_commune = serializers.DictField(child=serializers.IntegerField())
    by_severity = serializers.DictField(child=serializers.IntegerField())


class HotspotCountsView(APIView):
    """Open hotspots on a day (today by default), from their dated history: counts only."""

    @extend_schema(
        parameters=[OpenApiParameter("on", str, description="dd/mm/yyyy or yyyy-mm-dd")],
        responses=HotspotCountsSerializer,
    )
    def get(self, request: Request) -> Response:
        access = selectors.hotspot_access(request.user)
        if not access.counts:
            raise NotFound()
        params = _CountsParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        day = params.validated_data.get("on") or timezone.localdate()
        counts = selectors.hotspot_counts_on(access.scope, day)
        codes = dict(
            AdminUnit.objects.filter(pk__in=counts["by_commune"]).values_list("pk", "code")
        )
        return Response(
            {
                "on": day,
                "total": counts["total"],
                "by_commune": {codes[pk]: n for pk, n in counts["by_commune"].items()},
                "by_severity": counts["by_severity"],
            }
        )
