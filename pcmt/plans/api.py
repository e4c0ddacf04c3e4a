"""REST API: the indicator library with its values by commune, and the plans with their targets."""

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pcmt.accounts.scope import scope_for
from pcmt.core.dates import api_date
from pcmt.core.errors import DomainError, NotFound
from pcmt.plans import selectors
from pcmt.plans.indicators import Indicator, Period, Result

DATES = ["%d/%m/%Y", "%Y-%m-%d"]


class FigureSerializer(serializers.Serializer):
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField(allow_null=True)
    value = serializers.DecimalField(max_digits=14, decimal_places=1, allow_null=True)


class CommuneFigureSerializer(FigureSerializer):
    commune = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class IndicatorSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    definition = serializers.CharField()
    numerator_label = serializers.CharField()
    denominator_label = serializers.CharField(allow_null=True)
    unit = serializers.ChoiceField(choices=["percent", "count"])
    levels = serializers.ListField(child=serializers.CharField())
    periods = serializers.ListField(child=serializers.CharField())
    start = api_date()
    end = api_date()
    total = FigureSerializer()
    communes = CommuneFigureSerializer(many=True)


class PeriodQuerySerializer(serializers.Serializer):
    start = api_date(input_formats=DATES, required=False)
    end = api_date(input_formats=DATES, required=False)


_PERIOD = [
    OpenApiParameter("start", str, description="dd/mm/yyyy; default 1 January of this year"),
    OpenApiParameter("end", str, description="dd/mm/yyyy; default today"),
]


def _period(request: Request) -> Period:
    query = PeriodQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    today = timezone.localdate()
    start = query.validated_data.get("start") or datetime.date(today.year, 1, 1)
    end = query.validated_data.get("end") or today
    if end < start:
        raise DomainError("period_reversed", _("The end of the period is before its start."), "end")
    return Period(start, end)


def _figure(figure: Any) -> dict[str, Any]:
    return {"numerator": figure.numerator, "denominator": figure.denominator, "value": figure.value}


def _indicator(
    indicator: Indicator, result: Result, names: dict[int, tuple[str, str]]
) -> dict[str, Any]:
    return {
        "key": indicator.key,
        "name": str(indicator.name),
        "definition": str(indicator.definition),
        "numerator_label": str(indicator.numerator),
        "denominator_label": str(indicator.denominator) if indicator.denominator else None,
        "unit": indicator.unit,
        "levels": list(indicator.levels),
        "periods": list(indicator.periods),
        "start": result.period.start,
        "end": result.period.end,
        "total": _figure(result.total),
        "communes": [
            {"commune": pk, "code": names[pk][0], "name": names[pk][1], **_figure(figure)}
            for pk, figure in result.by_commune.items()
        ],
    }


def _names(request: Request) -> dict[int, tuple[str, str]]:
    communes = scope_for(request.user).communes().values_list("pk", "code", "name")
    return {pk: (code, name) for pk, code, name in communes}


class IndicatorListView(APIView):
    """Every indicator the user may see, with its figures by commune and in total (counts only)."""

    @extend_schema(parameters=_PERIOD, responses=IndicatorSerializer(many=True))
    def get(self, request: Request) -> Response:
        if not selectors.dashboard_can_open(request.user):
            raise NotFound()
        period = _period(request)
        scope = scope_for(request.user)
        names = _names(request)
        data = [
            _indicator(i, i.compute(scope, period), names)
            for i in selectors.indicators_for(request.user)
        ]
        return Response(IndicatorSerializer(data, many=True).data)


class IndicatorDetailView(APIView):
    """One indicator with its figures by commune and in total."""

    @extend_schema(parameters=_PERIOD, responses=IndicatorSerializer)
    def get(self, request: Request, indicator_key: str) -> Response:
        indicator = selectors.indicator_for(request.user, indicator_key)
        period = _period(request)
        result = indicator.compute(scope_for(request.user), period)
        return Response(IndicatorSerializer(_indicator(indicator, result, _names(request))).data)


class TargetSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    indicator = serializers.CharField()
    applies_to = serializers.CharField()
    commune = serializers.IntegerField(source="commune_id", allow_null=True)
    period_start = api_date()
    period_end = api_date()
    comparison = serializers.CharField()
    value = serializers.DecimalField(max_digits=12, decimal_places=2)
    wording = serializers.CharField()


class TaskSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    responsible = serializers.CharField()
    deadline = api_date()
    status = serializers.CharField()
    done_on = api_date(allow_null=True)


class PlanSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    number = serializers.CharField()
    issued_on = api_date()
    issuer = serializers.CharField()
    title = serializers.CharField()
    unit = serializers.CharField(source="unit.code")
    period_start = api_date()
    period_end = api_date()
    targets = TargetSerializer(many=True, source="targets.all")
    tasks = TaskSerializer(many=True, source="tasks.all")


class RowSerializer(serializers.Serializer):
    target = serializers.IntegerField()
    plan = serializers.CharField()
    indicator = serializers.CharField()
    unit = serializers.CharField()
    actual = serializers.DecimalField(max_digits=14, decimal_places=1, allow_null=True)
    status = serializers.ChoiceField(choices=list(selectors.STATUS_LABELS))


class PlanListView(APIView):
    """The plans the user may read, with their targets and tasks."""

    @extend_schema(responses=PlanSerializer(many=True))
    def get(self, request: Request) -> Response:
        if not selectors.dashboard_can_open(request.user):
            raise NotFound()
        plans = selectors.plans_visible(request.user).select_related("unit")
        plans = plans.prefetch_related("targets", "tasks", "tasks__agency")
        return Response(PlanSerializer(plans, many=True).data)


class PlanDetailView(APIView):
    """One plan with its targets and tasks."""

    @extend_schema(responses=PlanSerializer)
    def get(self, request: Request, plan_pk: int) -> Response:
        return Response(PlanSerializer(selectors.plan_get(request.user, plan_pk)).data)


class DashboardView(APIView):
    """The dashboard's rows for the user's scope and a year: actual and status of each target."""

    @extend_schema(
        parameters=[OpenApiParameter("year", int, description="default: this year")],
        responses=RowSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        if not selectors.dashboard_can_open(request.user):
            raise NotFound()
        today = timezone.localdate()
        raw = request.query_params.get("year", "")
        if raw and not (raw.isdigit() and 2000 <= int(raw) <= 2100):
            raise DomainError("year_invalid", _("Enter a year from 2000 to 2100."), "year")
        year = int(raw) if raw else today.year
        board = selectors.dashboard_build(
            request.user, year=year, on=min(today, datetime.date(year, 12, 31))
        )
        rows = [
            {
                "target": row.target.pk,
                "plan": row.target.plan.number,
                "indicator": row.indicator.key,
                "unit": row.unit_name,
                "actual": row.actual,
                "status": row.status,
            }
            for row in board.rows
        ]
        return Response(RowSerializer(rows, many=True).data)
