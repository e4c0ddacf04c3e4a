"""REST API of review rounds: rounds, agency review, list upload, rows and the error report."""

import json
import tempfile
from typing import Any

from django.http import FileResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pcmt.accounts.models import Agency, DataRole
from pcmt.accounts.scope import scope_for
from pcmt.census import selectors, services
from pcmt.census.models import AgencyStatus, Round, RoundAgency, Submission, SubmissionRow
from pcmt.core.dates import api_date
from pcmt.core.errors import DomainError, NotFound
from pcmt.core.limits import MAX_ID
from pcmt.geo.models import AdminUnit
from pcmt.persons.models import Category

DATES = ["%d/%m/%Y", "iso-8601"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ParticipantSerializer(serializers.ModelSerializer):
    agency = serializers.IntegerField(source="agency_id")
    agency_name = serializers.CharField(source="agency.name")

    class Meta:
        model = RoundAgency
        fields = ["id", "agency", "agency_name", "status", "note", "changed_at"]


class RoundSerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province.code")
    communes = serializers.SerializerMethodField()

    class Meta:
        model = Round
        fields = [
            "id",
            "name",
            "cutoff_date",
            "deadline",
            "province",
            "communes",
            "categories",
            "status",
            "created_at",
        ]

    def get_communes(self, obj: Round) -> list[str]:
        return [unit.code for unit in obj.communes.all()]


class RoundWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    cutoff_date = api_date(input_formats=DATES)
    deadline = api_date(input_formats=DATES)
    categories = serializers.ListField(child=serializers.ChoiceField(choices=Category.choices))
    agencies = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        allow_empty=False,
        max_length=1000,
    )
    communes = serializers.ListField(
        child=serializers.CharField(max_length=5), required=False, default=list
    )


class ReviewWriteSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=[AgencyStatus.ACCEPTED.value, AgencyStatus.RETURNED.value]
    )
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class SubmissionSerializer(serializers.ModelSerializer):
    round = serializers.IntegerField(source="round_id")
    agency = serializers.IntegerField(source="agency_id")

    class Meta:
        model = Submission
        fields = [
            "id",
            "round",
            "agency",
            "kind",
            "status",
            "is_current",
            "original_name",
            "sha256",
            "headers",
            "mapping",
            "all_or_nothing",
            "total_rows",
            "valid_rows",
            "invalid_rows",
            "warning_rows",
            "uploaded_at",
        ]


class UploadWriteSerializer(serializers.Serializer):
    file = serializers.FileField()
    mapping = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text='JSON {field: column index from 0}, e.g. {"full_name": 1, "birth": 2}.',
    )
    all_or_nothing = serializers.BooleanField(required=False, default=False)
    background = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Read and check the list in the task worker: the answer (202) names the job "
        "to poll at /api/jobs/<id>/, whose result gives the submission.",
    )

    def validate_mapping(self, value: str) -> dict[str, Any] | None:
        if not value:
            return None
        try:
            mapping = json.loads(value)
        except ValueError as exc:
            raise serializers.ValidationError("JSON object expected.") from exc
        if not isinstance(mapping, dict):
            raise serializers.ValidationError("JSON object expected.")
        return mapping


class RowSerializer(serializers.ModelSerializer):
    commune = serializers.CharField(source="commune.code", default=None)
    birth = serializers.CharField(source="birth_display")

    class Meta:
        model = SubmissionRow
        fields = [
            "row_number",
            "record_id",
            "full_name",
            "birth",
            "gender",
            "address",
            "commune",
            "address_reason",
            "category",
            "valid",
            "errors",
            "warnings",
        ]


def _round(request: Request, pk: object) -> Round:
    return selectors.round_get(scope=scope_for(request.user), pk=pk)


def _started_response(started: services.ImportStarted) -> Response:
    if started.existing is not None:
        return _import_response(services.ImportResult(started.existing, created=False))
    assert started.job is not None
    return Response(
        {"job": started.job.pk, "url": reverse("api_job_detail", args=[started.job.pk])},
        status=status.HTTP_202_ACCEPTED,
    )


def _import_response(result: services.ImportResult) -> Response:
    body = dict(SubmissionSerializer(result.submission).data)
    body["created"] = result.created
    return Response(body, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK)


class RoundListView(APIView):
    """Review rounds of your province; supervisors of the province open them."""

    @extend_schema(responses=RoundSerializer(many=True))
    def get(self, request: Request) -> Response:
        scope = scope_for(request.user)
        rounds = selectors.rounds_visible(scope).select_related("province")
        return Response(RoundSerializer(rounds.prefetch_related("communes"), many=True).data)

    @extend_schema(request=RoundWriteSerializer, responses={201: RoundSerializer})
    def post(self, request: Request) -> Response:
        scope = scope_for(request.user)
        if scope.role != DataRole.SUPERVISOR or scope.province_id is None:
            raise NotFound()
        data = RoundWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        agencies = list(Agency.objects.filter(pk__in=values.pop("agencies")))
        codes = values.pop("communes")
        communes = list(AdminUnit.objects.filter(code__in=codes))
        if len(communes) != len(set(codes)):
            raise DomainError("commune_unknown", _("Unknown commune code."), "communes")
        round_ = services.round_create(
            actor=request.user, agencies=agencies, communes=communes, **values
        )
        return Response(RoundSerializer(round_).data, status=status.HTTP_201_CREATED)


class RoundDetailView(APIView):
    """A round with where each agency stands and the counts of the current lists."""

    @extend_schema(responses=RoundSerializer)
    def get(self, request: Request, round_pk: int) -> Response:
        round_ = _round(request, round_pk)
        body = dict(RoundSerializer(round_).data)
        body["participants"] = ParticipantSerializer(
            selectors.round_participants(round_), many=True
        ).data
        body["totals"] = selectors.round_totals(round_)
        return Response(body)


class RoundReviewView(APIView):
    """Accept an agency's list, or return it for correction with a note."""

    @extend_schema(request=ReviewWriteSerializer, responses=ParticipantSerializer)
    def post(self, request: Request, round_pk: int, participant_pk: int) -> Response:
        scope = scope_for(request.user)
        round_ = _round(request, round_pk)
        if not selectors.can_manage(scope, round_):
            raise NotFound()
        participant = selectors.participant_get(scope=scope, round_=round_, pk=participant_pk)
        data = ReviewWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        participant = services.round_agency_review(
            actor=request.user, participant=participant, **data.validated_data
        )
        return Response(ParticipantSerializer(participant).data)


class SubmissionListView(APIView):
    """Lists of a round you may read; upload your agency's list (multipart)."""

    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(responses=SubmissionSerializer(many=True))
    def get(self, request: Request, round_pk: int) -> Response:
        scope = scope_for(request.user)
        round_ = _round(request, round_pk)
        return Response(
            SubmissionSerializer(selectors.round_submissions(scope, round_), many=True).data
        )

    @extend_schema(
        request={"multipart/form-data": UploadWriteSerializer},
        responses={
            201: SubmissionSerializer,
            200: SubmissionSerializer,
            202: OpenApiTypes.OBJECT,
        },
    )
    def post(self, request: Request, round_pk: int) -> Response:
        scope = scope_for(request.user)
        round_ = _round(request, round_pk)
        if not scope.can_write_persons:
            raise NotFound()
        data = UploadWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        arguments = {
            "actor": request.user,
            "round_": round_,
            "file": data.validated_data["file"],
            "mapping": data.validated_data.get("mapping"),
            "all_or_nothing": data.validated_data["all_or_nothing"],
        }
        try:
            if data.validated_data["background"]:
                return _started_response(services.submission_upload_start(**arguments))
            result = services.submission_upload(**arguments)
        except services.MappingRequired as needed:
            return Response(
                {
                    "code": needed.code,
                    "message": str(needed.message),
                    "field": "mapping",
                    "headers": needed.headers,
                    "found": needed.found,
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return _import_response(result)


class RegistryExtractView(APIView):
    """Give your agency's list as the registry's persons on the cut-off date."""

    @extend_schema(request=None, responses={201: SubmissionSerializer, 200: SubmissionSerializer})
    def post(self, request: Request, round_pk: int) -> Response:
        scope = scope_for(request.user)
        round_ = _round(request, round_pk)
        if not scope.can_write_persons:
            raise NotFound()
        return _import_response(services.registry_extract(actor=request.user, round_=round_))


class SubmissionDetailView(APIView):
    @extend_schema(responses=SubmissionSerializer)
    def get(self, request: Request, submission_pk: int) -> Response:
        submission = selectors.submission_get(scope=scope_for(request.user), pk=submission_pk)
        return Response(SubmissionSerializer(submission).data)


class SubmissionRowsView(APIView):
    """Rows of a list; `valid=false` gives the refused ones, `flagged=true` adds warnings."""

    @extend_schema(
        parameters=[
            OpenApiParameter("valid", OpenApiTypes.BOOL),
            OpenApiParameter("flagged", OpenApiTypes.BOOL),
            OpenApiParameter("page", int),
        ],
        responses=RowSerializer(many=True),
    )
    def get(self, request: Request, submission_pk: int) -> Response:
        submission = selectors.submission_get(scope=scope_for(request.user), pk=submission_pk)
        rows = SubmissionRow.objects.filter(submission=submission).select_related("commune")
        valid = request.query_params.get("valid", "").lower()
        if valid in ("false", "0"):
            rows = rows.filter(valid=False)
        elif valid in ("true", "1"):
            rows = rows.filter(valid=True)
        if request.query_params.get("flagged", "").lower() in ("true", "1"):
            rows = selectors.problem_rows(submission)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(rows.order_by("row_number"), request, view=self)
        return paginator.get_paginated_response(RowSerializer(page, many=True).data)


class SubmissionReportView(APIView):
    """The refused and flagged rows as written, with a "Lý do" column (.xlsx)."""

    @extend_schema(responses={(200, XLSX): OpenApiTypes.BINARY})
    def get(self, request: Request, submission_pk: int) -> FileResponse:
        submission = selectors.submission_get(scope=scope_for(request.user), pk=submission_pk)
        spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
        selectors.error_report_write(submission, spool)
        spool.seek(0)
        return FileResponse(
            spool,
            as_attachment=True,
            filename=f"loi-danh-sach-{submission.pk}.xlsx",
            content_type=XLSX,
        )
