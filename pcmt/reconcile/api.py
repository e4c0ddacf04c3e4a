"""REST API of the reconciliation: start a link run, candidates, decisions, results, export."""

import tempfile
from typing import Any

from django.core.paginator import Paginator
from django.http import FileResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pcmt.accounts.scope import scope_for
from pcmt.census import selectors as census
from pcmt.census.models import Round
from pcmt.core.errors import NotFound
from pcmt.core.views import page_number
from pcmt.jobs.views import JobSerializer
from pcmt.reconcile import selectors, services
from pcmt.reconcile.export import results_write
from pcmt.reconcile.forms import KEY
from pcmt.reconcile.models import Band, Decision, DecisionKind, LinkRun

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Names of the consolidated persons per page of the results.
PERSONS_PER_PAGE = 500


def _round(request: Request, round_pk: int) -> Round:
    return census.round_get(scope=scope_for(request.user), pk=round_pk)


def _deciding(request: Request, round_pk: int) -> Round:
    round_ = _round(request, round_pk)
    if not selectors.can_decide(request.user, round_):
        raise NotFound()
    return round_


class RunSerializer(serializers.ModelSerializer):
    job = JobSerializer(allow_null=True)

    class Meta:
        model = LinkRun
        fields = [
            "id",
            "created_at",
            "finished_at",
            "rows",
            "reference",
            "pairs",
            "thresholds",
            "job",
        ]


class DecisionSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username")

    class Meta:
        model = Decision
        fields = ["id", "kind", "left_key", "right_key", "undoes", "note", "actor", "created_at"]


class DecisionWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[DecisionKind.ACCEPT, DecisionKind.REJECT, DecisionKind.SPLIT, DecisionKind.MERGE]
    )
    left_key = serializers.RegexField(KEY, max_length=20)
    right_key = serializers.RegexField(KEY, max_length=20, required=False, default="")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class RegisterWriteSerializer(serializers.Serializer):
    clusters = serializers.ListField(child=serializers.CharField(max_length=20), allow_empty=False)


class RunView(APIView):
    """The round's latest link run and its job; POST starts a new one."""

    @extend_schema(responses=RunSerializer)
    def get(self, request: Request, round_pk: int) -> Response:
        round_ = _deciding(request, round_pk)
        run = selectors.latest_started(round_)
        if run is None:
            raise NotFound()
        return Response(RunSerializer(run).data)

    @extend_schema(request=None, responses={202: RunSerializer})
    def post(self, request: Request, round_pk: int) -> Response:
        round_ = _deciding(request, round_pk)
        run = services.run_start(actor=request.user, round_=round_)
        return Response(RunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class CandidateListView(APIView):
    """Candidate pairs of the latest run with their explanation; IDs and phones masked."""

    @extend_schema(
        parameters=[OpenApiParameter("band", OpenApiTypes.STR, enum=[*Band.values, "all"])],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request, round_pk: int) -> Response:
        round_ = _deciding(request, round_pk)
        run = selectors.latest_run(round_)
        if run is None:
            return Response({"count": 0, "results": []})
        cluster = selectors.cluster_of(run)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(
            selectors.candidates(run, request.query_params.get("band")), request, view=self
        )
        return paginator.get_paginated_response(
            [selectors.candidate_view(c, cluster) for c in page or []]
        )


class DecisionListView(APIView):
    """The round's decisions (who, when); POST records one."""

    @extend_schema(responses=DecisionSerializer(many=True))
    def get(self, request: Request, round_pk: int) -> Response:
        round_ = _deciding(request, round_pk)
        return Response(DecisionSerializer(selectors.decisions(round_), many=True).data)

    @extend_schema(request=DecisionWriteSerializer, responses={201: DecisionSerializer})
    def post(self, request: Request, round_pk: int) -> Response:
        round_ = _deciding(request, round_pk)
        data = DecisionWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decision = services.decision_record(
            actor=request.user, round_=round_, **data.validated_data
        )
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class DecisionUndoView(APIView):
    """Undo a decision: a new decision row says so."""

    @extend_schema(request=None, responses={201: DecisionSerializer})
    def post(self, request: Request, round_pk: int, decision_pk: int) -> Response:
        round_ = _deciding(request, round_pk)
        decision = selectors.decision_get(round_=round_, pk=decision_pk)
        undo = services.decision_undo(actor=request.user, round_=round_, decision=decision)
        return Response(DecisionSerializer(undo).data, status=status.HTTP_201_CREATED)


def _results(request: Request, round_: Round) -> dict[str, Any]:
    run = selectors.latest_run(round_)
    if run is not None:
        services.run_persons_ensure(run=run)
    table = selectors.stored_count_table(round_, run)
    comparison = selectors.stored_compare(round_, run) if run else None
    data: dict[str, Any] = {
        "run": run.pk if run else None,
        "categories": table.categories,
        "communes": [
            {"commune": c.code if c else None, "counts": counts, "total": total}
            for c, counts, total in table.lines
        ],
        "totals": table.totals,
        "total": table.total,
        "agencies": [
            {"agencies": a, "persons": n} for a, n in selectors.stored_agency_combinations(run)
        ],
        "comparison": None,
    }
    if comparison is not None:
        data["comparison"] = {
            "previous_round": comparison.previous.pk,
            "previous_total": comparison.previous_total,
            "total": comparison.total,
            "new": comparison.new,
            "continuing": comparison.continuing,
            "no_longer_found": comparison.gone,
            "growth": comparison.growth,
            "annual_growth": comparison.annual_growth,
            "target": comparison.target,
            "target_met": comparison.target_met,
        }
    if selectors.can_read_names(request.user, round_) and run is not None:
        # The names a page at a time (`?page=`), like every list of the API.
        page = Paginator(selectors.run_persons(run), PERSONS_PER_PAGE).get_page(
            page_number(request)
        )
        data["persons_page"] = page.number
        data["persons_pages"] = page.paginator.num_pages
        data["persons"] = [
            {
                "cluster": p.cluster,
                "name": p.name,
                "birth": p.birth,
                "commune": p.commune.code if p.commune else None,
                "category": p.category,
                "agencies": p.agencies,
                "person": p.person_id,
            }
            for p in page
        ]
    return data


class ResultsView(APIView):
    """The reconciled count per commune × category, agencies, and the previous round."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, round_pk: int) -> Response:
        return Response(_results(request, _round(request, round_pk)))


class ExportView(APIView):
    """The results as an Excel workbook."""

    @extend_schema(responses={(200, XLSX): OpenApiTypes.BINARY})
    def get(self, request: Request, round_pk: int) -> FileResponse:
        round_ = _round(request, round_pk)
        run = selectors.latest_run(round_)
        persons = selectors.consolidated(run) if run else []
        spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
        results_write(
            spool,
            round_=round_,
            persons=persons,
            comparison=selectors.compare(round_, persons) if run else None,
            with_names=selectors.can_read_names(request.user, round_),
        )
        spool.seek(0)
        return FileResponse(
            spool,
            as_attachment=True,
            filename=f"ket-qua-ra-soat-{round_.pk}.xlsx",
            content_type=XLSX,
        )


class RegisterView(APIView):
    """Register persons found in the lists only; returns who was registered and who skipped."""

    @extend_schema(request=RegisterWriteSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, round_pk: int) -> Response:
        round_ = _round(request, round_pk)
        if not selectors.can_register(request.user, round_):
            raise NotFound()
        data = RegisterWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.persons_register_from_lists(
            actor=request.user, round_=round_, cluster_keys=data.validated_data["clusters"]
        )
        return Response(
            {
                "registered": [
                    {"id": p.pk, "url": reverse("person_detail", kwargs={"pk": p.pk})}
                    for p in report.registered
                ],
                "skipped": [{"cluster": c, "name": n, "reason": r} for c, n, r in report.skipped],
            }
        )
