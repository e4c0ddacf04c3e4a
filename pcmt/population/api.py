"""REST API of population figures: read by anyone in the jurisdiction, written by provincial
officers and administrators, through the same selectors and services as the pages."""

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pcmt.api.versioning import IF_MATCH, etag, if_match, stale_response
from pcmt.core.dates import api_date
from pcmt.core.errors import DomainError, NotFound, StaleVersion
from pcmt.geo.models import AdminUnit, Village
from pcmt.population import selectors, services
from pcmt.population.models import PopulationFigure


class FigureSerializer(serializers.ModelSerializer):
    commune = serializers.CharField(source="commune.code")
    commune_name = serializers.CharField(source="commune.full_name", read_only=True)
    village = serializers.IntegerField(source="village_id", allow_null=True, required=False)
    village_name = serializers.CharField(
        source="village.name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = PopulationFigure
        fields = [
            "id",
            "commune",
            "commune_name",
            "village",
            "village_name",
            "year",
            "residents",
            "as_of",
            "source",
            "note",
            "version",
            "updated_at",
        ]
        read_only_fields = ["id", "version", "updated_at"]


class _FigureWrite(serializers.Serializer):
    commune = serializers.RegexField(r"^[0-9]{5}$", help_text="5-digit commune code")
    village = serializers.IntegerField(required=False, allow_null=True)
    year = serializers.IntegerField()
    residents = serializers.IntegerField()
    as_of = api_date()
    source = serializers.CharField(max_length=200)  # type: ignore[assignment]
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class _ListParams(serializers.Serializer):
    year = serializers.IntegerField(required=False)
    commune = serializers.CharField(required=False, max_length=5)
    province = serializers.CharField(required=False, max_length=2)


def _figure_input(user: Any, data: dict[str, Any]) -> services.FigureInput:
    commune = selectors.population_writable_communes(user).filter(code=data["commune"]).first()
    if commune is None:
        raise DomainError(
            "population_commune_unknown",
            _("No commune with this code in your jurisdiction."),
            "commune",
        )
    village = None
    if data.get("village"):
        village = Village.objects.filter(pk=data["village"], commune=commune).first()
        if village is None:
            raise DomainError(
                "population_village_other_commune",
                _("This village or residential group belongs to another commune."),
                "village",
            )
    return services.FigureInput(
        commune=commune,
        village=village,
        year=data["year"],
        residents=data["residents"],
        as_of=data["as_of"],
        source=data["source"],
        note=data.get("note", ""),
    )


class FigureListView(APIView):
    """Population figures in your jurisdiction; provincial officers and administrators add."""

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int),
            OpenApiParameter("commune", str, description="5-digit commune code"),
            OpenApiParameter("province", str, description="2-digit province code"),
            OpenApiParameter("page", int),
        ],
        responses=FigureSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        if not selectors.population_can_read(request.user):
            raise NotFound()
        params = _ListParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        p = params.validated_data
        commune = None
        if p.get("commune"):
            commune = AdminUnit.objects.filter(code=p["commune"]).first()
            if commune is None:
                return Response({"count": 0, "next": None, "previous": None, "results": []})
        figures = selectors.population_figures(
            request.user,
            year=p.get("year"),
            commune=commune,
            province_code=p.get("province", ""),
        )
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(figures, request, view=self)
        return paginator.get_paginated_response(FigureSerializer(page, many=True).data)

    @extend_schema(request=_FigureWrite, responses={201: FigureSerializer, 200: FigureSerializer})
    def post(self, request: Request) -> Response:
        """Record a commune's (or village's) figure for a year; an existing one is replaced."""
        if not selectors.population_can_write(request.user):
            raise NotFound()
        body = _FigureWrite(data=request.data)
        body.is_valid(raise_exception=True)
        figure, outcome = services.population_figure_record(
            actor=request.user, data=_figure_input(request.user, body.validated_data)
        )
        code = status.HTTP_201_CREATED if outcome == "created" else status.HTTP_200_OK
        return Response(FigureSerializer(figure).data, status=code)


class FigureDetailView(APIView):
    @extend_schema(responses=FigureSerializer)
    def get(self, request: Request, figure_pk: int) -> Response:
        figure = selectors.population_figure_get(request.user, figure_pk)
        if figure is None:
            raise NotFound()
        return Response(FigureSerializer(figure).data, headers={"ETag": etag(figure)})

    @extend_schema(request=_FigureWrite, responses=FigureSerializer, parameters=[IF_MATCH])
    def put(self, request: Request, figure_pk: int) -> Response:
        figure = selectors.population_figure_get(request.user, figure_pk)
        if figure is None or not selectors.population_can_write(request.user, figure.commune):
            raise NotFound()
        version = if_match(request)
        body = _FigureWrite(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            figure = services.population_figure_update(
                actor=request.user,
                figure=figure,
                data=_figure_input(request.user, body.validated_data),
                version=version,
            )
        except StaleVersion as error:
            return stale_response(error)
        return Response(FigureSerializer(figure).data, headers={"ETag": etag(figure)})
