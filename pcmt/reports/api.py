"""The reports API under /api/v1/reports/: list and prepare, one report with its figures and
versions (the submit, return and approve steps come from the lifecycle)."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pcmt.core.dates import api_date
from pcmt.core.errors import NotFound
from pcmt.reports import selectors, services
from pcmt.reports.layouts import figure_rows
from pcmt.reports.models import PeriodKind, Report, ReportStatus, ReportTemplate, ReportVersion


class ReportSerializer(serializers.ModelSerializer):
    template = serializers.CharField(source="template.code")
    unit = serializers.CharField(source="unit.code")
    unit_name = serializers.CharField(source="unit.full_name")

    class Meta:
        model = Report
        fields = [
            "id",
            "template",
            "unit",
            "unit_name",
            "period_kind",
            "period_start",
            "period_end",
            "due_on",
            "status",
            "number",
            "signer",
        ]
        read_only_fields = fields


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportVersion
        fields = ["number", "submitted_at", "note"]
        read_only_fields = fields


class RowSerializer(serializers.Serializer):
    code = serializers.CharField(required=False)
    title = serializers.CharField(required=False)
    label = serializers.CharField(required=False)  # type: ignore[assignment]
    period = serializers.FloatField(required=False)
    last_year = serializers.FloatField(required=False)
    change = serializers.FloatField(required=False)
    cumulative = serializers.FloatField(required=False)


class ReportDetailSerializer(ReportSerializer):
    rows = serializers.SerializerMethodField()
    versions = VersionSerializer(many=True, read_only=True)

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "rows", "versions"]
        read_only_fields = fields

    @extend_schema(responses=RowSerializer(many=True))
    def get_rows(self, report: Report) -> list[dict[str, Any]]:
        latest = selectors.report_latest_version(report)
        frozen = latest is not None and report.status != ReportStatus.PREPARED
        layout = latest.figures["layout"] if frozen and latest else report.template.layout
        return figure_rows(layout, services.report_shown_figures(report))


class PrepareSerializer(serializers.Serializer):
    template = serializers.SlugRelatedField(
        slug_field="code", queryset=ReportTemplate.objects.filter(active=True)
    )
    period_kind = serializers.ChoiceField(choices=PeriodKind.choices)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    number = serializers.IntegerField(min_value=1, max_value=12, default=1)
    period_start = api_date(required=False, allow_null=True, default=None)
    period_end = api_date(required=False, allow_null=True, default=None)
    report_number = serializers.CharField(max_length=60, required=False, default="")
    signer = serializers.CharField(max_length=120, required=False, default="")


class ReportListView(APIView):
    @extend_schema(summary="Periodic reports in your scope", responses=ReportSerializer(many=True))
    def get(self, request: Request) -> Response:
        if not selectors.report_access(request.user).reads:
            raise NotFound()
        reports = selectors.reports_readable(request.user).order_by("-period_end", "pk")
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(reports, request, view=self)
        return paginator.get_paginated_response(ReportSerializer(page, many=True).data)

    @extend_schema(
        summary="Prepare your unit's report for a period",
        request=PrepareSerializer,
        responses={201: ReportSerializer},
    )
    def post(self, request: Request) -> Response:
        unit = selectors.report_unit_of(request.user)
        if unit is None:
            raise NotFound()
        body = PrepareSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        report = services.report_prepare(
            actor=request.user, unit=unit, data=services.ReportInput(**body.validated_data)
        )
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)


class ReportDetailView(APIView):
    @extend_schema(
        summary="One report: figures by row and versions", responses=ReportDetailSerializer
    )
    def get(self, request: Request, report_pk: int) -> Response:
        report = selectors.report_get(request.user, report_pk)
        return Response(ReportDetailSerializer(report).data)
