"""REST API of the administrative units and address resolution."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pcmt.core.errors import NotFound
from pcmt.geo.models import AdminUnit, UnitLevel


class UnitSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(  # type: ignore[assignment]
        source="parent.code", allow_null=True, default=None
    )

    class Meta:
        model = AdminUnit
        fields = [
            "code",
            "level",
            "division_type",
            "name",
            "parent",
            "province_code",
            "centroid_lat",
            "centroid_lng",
            "area_km2",
            "valid_from",
            "valid_to",
        ]


class UnitListView(APIView):
    """Units in force: the provinces, or the communes of one province."""

    @extend_schema(
        parameters=[OpenApiParameter("province", str, description="2-digit province code")],
        responses=UnitSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        units = AdminUnit.objects.in_force().select_related("parent")
        province = request.query_params.get("province", "")
        units = (
            units.filter(parent__code=province)
            if province
            else units.filter(level=UnitLevel.PROVINCE)
        )
        return Response(UnitSerializer(units.order_by("code"), many=True).data)


class UnitDetailView(APIView):
    @extend_schema(responses=UnitSerializer)
    def get(self, request: Request, code: str) -> Response:
        unit = AdminUnit.objects.select_related("parent").filter(code=code).first()
        if unit is None:
            raise NotFound()
        return Response(UnitSerializer(unit).data)


class LegacyUnitSerializer(serializers.Serializer):
    code = serializers.CharField()
    level = serializers.CharField()
    name = serializers.CharField(source="__str__")
    province_code = serializers.CharField()


class ResolutionSerializer(serializers.Serializer):
    commune = UnitSerializer(allow_null=True)
    legacy_unit = LegacyUnitSerializer(allow_null=True)
    province = UnitSerializer(allow_null=True)
    confidence = serializers.FloatField()
    reason_code = serializers.CharField()
    reason = serializers.CharField()
    candidates = UnitSerializer(many=True)


class AddressQuerySerializer(serializers.Serializer):
    text = serializers.CharField(max_length=300)


class AddressResolveView(APIView):
    """Turn a free-text address (old or new units, with or without diacritics) into a commune."""

    @extend_schema(request=AddressQuerySerializer, responses=ResolutionSerializer)
    def post(self, request: Request) -> Response:
        from pcmt.geo.address import address_resolve

        query = AddressQuerySerializer(data=request.data)
        query.is_valid(raise_exception=True)
        result = address_resolve(query.validated_data["text"])
        return Response(ResolutionSerializer(result).data)
