"""REST API of the place registries, through the same selectors and services as the pages.

Each registry has a list (GET with filters, POST to register), a record (GET with its ETag,
PATCH with If-Match: 412 `stale_version` when it changed since) and counts as of a day; the
transitions (eliminate, transform, inspect, withdraw…) are derived from the lifecycles.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pcmt.api.versioning import IF_MATCH, PreconditionRequired, etag, if_match, stale_response
from pcmt.core.dates import api_date
from pcmt.core.errors import DomainError, NotFound
from pcmt.geo.models import AdminUnit, Village
from pcmt.lifecycle.views import API_DATES
from pcmt.places import selectors, services
from pcmt.places.classification import classification_on, config_for
from pcmt.places.models import (
    Business,
    BusinessKind,
    BusinessStatus,
    DrugFreeAssessment,
    DrugFreeAssessmentStatus,
    DrugFreeCriterionCheck,
    DrugFreeLevel,
    DrugFreeRecognition,
    DrugFreeResult,
    DrugFreeStatus,
    Hotspot,
    HotspotKind,
    HotspotReverification,
    HotspotSeverity,
    HotspotStatus,
    Incident,
    IncidentKind,
    KeyArea,
    KeyAreaStatus,
    KeyAreaType,
    PlacePerson,
    PlacePersonRole,
    ReverificationFinding,
)

__all__ = ["PreconditionRequired"]


def _optional_text(max_length: int) -> serializers.CharField:
    return serializers.CharField(
        max_length=max_length, required=False, allow_blank=True, default=""
    )


def _optional_date() -> serializers.DateField:
    return api_date(input_formats=API_DATES, required=False, allow_null=True, default=None)


def _optional_id() -> serializers.IntegerField:
    return serializers.IntegerField(required=False, allow_null=True, default=None)


LOCATED_READ = [
    "commune",
    "commune_name",
    "village",
    "address",
    "latitude",
    "longitude",
    "location_override_reason",
]


class _PlaceRead(serializers.ModelSerializer):
    commune = serializers.CharField(source="commune.code")
    commune_name = serializers.CharField(source="commune.full_name", read_only=True)


class _LocatedRead(_PlaceRead):
    village = serializers.IntegerField(source="village_id", allow_null=True, required=False)


class HotspotSerializer(_LocatedRead):
    business = serializers.IntegerField(source="business_id", allow_null=True)

    class Meta:
        model = Hotspot
        fields = [
            "id",
            "name",
            *LOCATED_READ,
            "kind",
            "severity",
            "status",
            "discovered_on",
            "detected_on",
            "suppression_started_on",
            "eliminated_on",
            "monitoring_from",
            "closed_on",
            "re_emerged_on",
            "reverify_due_on",
            "business",
            "business_name",
            "source",
            "note",
            "version",
            "updated_at",
        ]
        read_only_fields = fields


class IncidentSerializer(_LocatedRead):
    hotspot = serializers.IntegerField(source="hotspot_id", allow_null=True)
    business = serializers.IntegerField(source="business_id", allow_null=True)

    class Meta:
        model = Incident
        fields = [
            "id",
            "summary",
            *LOCATED_READ,
            "kind",
            "occurred_on",
            "offenders",
            "substance",
            "quantity",
            "unit",
            "plants",
            "area_m2",
            "tip_verified",
            "hotspot",
            "business",
            "note",
            "version",
            "updated_at",
        ]
        read_only_fields = fields


class KeyAreaSerializer(_PlaceRead):
    class Meta:
        model = KeyArea
        fields = [
            "id",
            "commune",
            "commune_name",
            "area_type",
            "decision_number",
            "selected_on",
            "selected_by",
            "plan",
            "agencies",
            "status",
            "transforming_since",
            "transformed_on",
            "sustained_on",
            "re_emerged_on",
            "note",
            "version",
            "updated_at",
        ]
        read_only_fields = fields


class BusinessSerializer(_LocatedRead):
    class Meta:
        model = Business
        fields = [
            "id",
            "name",
            *LOCATED_READ,
            "kind",
            "opened_on",
            "closed_on",
            "status",
            "licence_number",
            "licence_issued_on",
            "licence_expires_on",
            "note",
            "version",
            "updated_at",
        ]
        read_only_fields = fields


class DrugFreeSerializer(_PlaceRead):
    village = serializers.IntegerField(source="village_id", allow_null=True)

    class Meta:
        model = DrugFreeRecognition
        fields = [
            "id",
            "commune",
            "commune_name",
            "village",
            "level",
            "decision_number",
            "decided_by",
            "recognised_on",
            "status",
            "withdrawn_on",
            "withdrawal_reason",
            "note",
            "version",
            "updated_at",
        ]
        read_only_fields = fields


class CriterionCheckSerializer(serializers.ModelSerializer):
    class Meta:
        model = DrugFreeCriterionCheck
        fields = ["code", "text", "met", "evidence"]
        read_only_fields = fields


class DrugFreeAssessmentSerializer(_PlaceRead):
    village = serializers.IntegerField(source="village_id", allow_null=True)
    status = serializers.ChoiceField(choices=DrugFreeAssessmentStatus.choices, read_only=True)
    checks = CriterionCheckSerializer(many=True, read_only=True)
    recognition = serializers.IntegerField(source="recognition_id", allow_null=True)
    decision_number = serializers.CharField(
        source="recognition.decision_number", allow_null=True, default=None
    )
    recognised_on = api_date(source="recognition.recognised_on", allow_null=True, default=None)
    withdrawn_on = api_date(source="recognition.withdrawn_on", allow_null=True, default=None)

    class Meta:
        model = DrugFreeAssessment
        fields = [
            "id",
            "commune",
            "commune_name",
            "village",
            "level",
            "assessed_on",
            "assessor",
            "criteria_set",
            "checks",
            "result",
            "status",
            "recognition",
            "decision_number",
            "recognised_on",
            "withdrawn_on",
            "note",
            "version",
            "updated_at",
        ]
        read_only_fields = fields


class _CommuneWrite(serializers.Serializer):
    commune = serializers.RegexField(r"^[0-9]{5}$", help_text="5-digit commune code")


class _LocatedWrite(_CommuneWrite):
    village = _optional_id()
    address = _optional_text(300)
    latitude = serializers.DecimalField(
        max_digits=8, decimal_places=6, required=False, allow_null=True, default=None
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True, default=None
    )
    location_override_reason = _optional_text(300)


class HotspotWrite(_LocatedWrite):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=HotspotKind.choices)
    severity = serializers.ChoiceField(
        choices=HotspotSeverity.choices, default=HotspotSeverity.ORDINARY
    )
    # Any state reads back on a change (it stays); a new hotspot is at risk or detected.
    status = serializers.ChoiceField(
        choices=HotspotStatus.choices,
        default=HotspotStatus.DETECTED,
        help_text="On registration: at_risk or detected (other states come from the steps).",
    )
    discovered_on = api_date(input_formats=API_DATES)
    business = _optional_id()
    business_name = _optional_text(200)
    source = _optional_text(200)  # type: ignore[assignment]
    note = _optional_text(300)


class IncidentWrite(_LocatedWrite):
    summary = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=IncidentKind.choices)
    occurred_on = api_date(input_formats=API_DATES)
    offenders = serializers.IntegerField(min_value=0, required=False, default=0)
    substance = _optional_text(100)
    quantity = serializers.DecimalField(
        max_digits=12, decimal_places=3, min_value=0, required=False, allow_null=True, default=None
    )
    unit = _optional_text(20)
    plants = serializers.IntegerField(min_value=0, required=False, default=0)
    area_m2 = serializers.DecimalField(
        max_digits=10, decimal_places=1, min_value=0, required=False, allow_null=True, default=None
    )
    tip_verified = serializers.BooleanField(required=False, allow_null=True, default=None)
    hotspot = _optional_id()
    business = _optional_id()
    note = _optional_text(300)


class KeyAreaWrite(_CommuneWrite):
    area_type = serializers.ChoiceField(choices=KeyAreaType.choices)
    decision_number = serializers.CharField(max_length=60)
    selected_on = api_date(input_formats=API_DATES)
    selected_by = _optional_text(200)
    plan = _optional_text(300)
    agencies = _optional_text(300)
    note = _optional_text(300)


class BusinessWrite(_LocatedWrite):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=BusinessKind.choices)
    opened_on = api_date(input_formats=API_DATES)
    licence_number = _optional_text(60)
    licence_issued_on = _optional_date()
    licence_expires_on = _optional_date()
    note = _optional_text(300)


class DrugFreeWrite(_CommuneWrite):
    village = _optional_id()
    decision_number = serializers.CharField(max_length=60)
    decided_by = _optional_text(200)
    recognised_on = api_date(input_formats=API_DATES)
    note = _optional_text(300)


class CriterionCheckWrite(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    met = serializers.BooleanField()
    evidence = _optional_text(500)


class DrugFreeAssessmentWrite(_CommuneWrite):
    village = _optional_id()
    assessed_on = api_date(input_formats=API_DATES)
    assessor = serializers.CharField(max_length=200)
    checks = CriterionCheckWrite(
        many=True, help_text="every criterion in force for the unit: met or not, with evidence"
    )
    result = serializers.ChoiceField(choices=DrugFreeResult.choices)
    note = _optional_text(300)


def _assessment_checks(values: dict[str, Any]) -> dict[str, Any]:
    """The body's list of criteria (or the record's rows) as the service takes them."""
    given = values.get("checks")
    if given is None:
        return values
    rows = given.all() if hasattr(given, "all") else given
    checks = {}
    for row in rows:
        item = row if isinstance(row, dict) else vars(row)
        checks[item["code"]] = services.CriterionResult(
            bool(item["met"]), item.get("evidence") or ""
        )
    return {**values, "checks": checks}


def _linked(model: type[models.Model], pk: Any, commune: AdminUnit, field: str) -> Any:
    """A linked record (village, hotspot, business) of the same commune, by id."""
    if not pk:
        return None
    found = model._default_manager.filter(pk=pk, commune=commune).first()
    if found is None:
        raise DomainError(
            "place_link_other_commune", _("This record belongs to another commune."), field
        )
    return found


LINKS = {"village": Village, "hotspot": Hotspot, "business": Business}


def _input(
    registry: "ApiRegistry", user: Any, data: dict[str, Any], commune: AdminUnit | None
) -> Any:
    """The service's input from a body: the commune by code (in the user's jurisdiction),
    linked records by id within that commune."""
    values = dict(data)
    code = values.pop("commune", None)
    if commune is None:
        commune = selectors.place_writable_communes(user).filter(code=code).first()
        if commune is None:
            raise DomainError(
                f"{registry.key}_commune_unknown",
                _("No commune with this code in your jurisdiction."),
                "commune",
            )
    for field, model in LINKS.items():
        if field in values:
            values[field] = _linked(model, values[field], commune, field)
    values = registry.prepare(values)
    return services.input_of(registry.input, {**values, "commune": commune})


def _page(request: Request, view: APIView, records: Any, serializer: Any) -> Response:
    paginator = PageNumberPagination()
    page: Any = paginator.paginate_queryset(records, request, view=view)
    return paginator.get_paginated_response(serializer(page, many=True).data)


@dataclass(frozen=True)
class ApiRegistry:
    name: str  # the class names' prefix
    key: str  # the prefix of its error codes
    model: type[models.Model]
    url_kwarg: str
    read: type[serializers.Serializer]
    write: type[serializers.Serializer]
    params: type[serializers.Serializer]
    input: type[Any]
    listing: Callable[..., Any]
    create: Callable[..., Any]
    update: Callable[..., Any]
    update_kwarg: str
    describe: str
    fixed: tuple[str, ...] = ("commune",)
    # The body's values as the service's input takes them (nested lists…).
    prepare: Callable[[dict[str, Any]], dict[str, Any]] = lambda values: values


def _list_params(**fields: Any) -> type[serializers.Serializer]:
    return type(
        "ListParams",
        (serializers.Serializer,),
        {"commune": serializers.CharField(required=False, max_length=5), **fields},
    )


def _schema_params(params: type[serializers.Serializer]) -> list[OpenApiParameter]:
    found = []
    for name, field in params().fields.items():
        enum = list(field.choices) if isinstance(field, serializers.ChoiceField) else None
        found.append(OpenApiParameter(name, str, enum=enum))
    return [*found, OpenApiParameter("page", int)]


def list_view(registry: ApiRegistry) -> type[APIView]:
    @extend_schema(parameters=_schema_params(registry.params), responses=registry.read(many=True))
    def get(self: APIView, request: Request) -> Response:
        if not selectors.place_can_read(request.user):
            raise NotFound()
        params = registry.params(data=request.query_params)
        params.is_valid(raise_exception=True)
        chosen = dict(params.validated_data)
        code = chosen.pop("commune", None)
        if code:
            commune = AdminUnit.objects.filter(code=code).first()
            if commune is None:
                return Response({"count": 0, "next": None, "previous": None, "results": []})
            chosen["commune"] = commune
        return _page(request, self, registry.listing(request.user, **chosen), registry.read)

    @extend_schema(request=registry.write, responses={201: registry.read})
    def post(self: APIView, request: Request) -> Response:
        if not selectors.place_can_write(request.user):
            raise NotFound()
        body = registry.write(data=request.data)
        body.is_valid(raise_exception=True)
        record = registry.create(
            actor=request.user,
            data=_input(registry, request.user, body.validated_data, None),
        )
        return Response(
            registry.read(record).data,
            status=status.HTTP_201_CREATED,
            headers={"ETag": etag(record)},
        )

    return type(
        f"{registry.name}ListView",
        (APIView,),
        {"get": get, "post": post, "__doc__": registry.describe},
    )


def detail_view(registry: ApiRegistry) -> type[APIView]:
    @extend_schema(responses=registry.read)
    def get(self: APIView, request: Request, **kwargs: Any) -> Response:
        record = selectors.place_get(registry.model, request.user, kwargs[registry.url_kwarg])
        return Response(registry.read(record).data, headers={"ETag": etag(record)})

    def write(request: Request, pk: int, *, partial: bool) -> Response:
        record = selectors.place_writable_get(registry.model, request.user, pk)
        version = if_match(request)
        raw = request.data
        given_data: dict[str, Any] = raw.dict() if hasattr(raw, "dict") else dict(raw)
        commune: AdminUnit = record.commune  # type: ignore[attr-defined]
        # The commune and the dated steps stay whatever the body says.
        kept = {
            name: value.pk if isinstance(value, models.Model) else value
            for name in registry.fixed
            for value in (getattr(record, name),)
        }
        body = registry.write(data={**given_data, **kept, "commune": commune.code}, partial=partial)
        body.is_valid(raise_exception=True)
        names = set(registry.input.__dataclass_fields__)
        current = {name: getattr(record, name) for name in names if hasattr(record, name)}
        links = {name: getattr(record, f"{name}_id") for name in LINKS if name in current}
        given = {
            name: value
            for name, value in body.validated_data.items()
            if (name in request.data or not partial) and name not in registry.fixed
        }
        values = {**current, **links, **given, "commune": commune.code}
        if "village" in registry.fixed and "village" in links:
            values["village"] = links["village"]
        data = _input(registry, request.user, values, commune)
        try:
            record = registry.update(
                actor=request.user, data=data, version=version, **{registry.update_kwarg: record}
            )
        except services.StaleVersion as error:
            return stale_response(error)
        return Response(registry.read(record).data, headers={"ETag": etag(record)})

    @extend_schema(
        request=registry.write,
        responses=registry.read,
        parameters=[IF_MATCH],
        description="The whole record: fields left out are cleared. The commune and the "
        "dated steps stay.",
    )
    def put(self: APIView, request: Request, **kwargs: Any) -> Response:
        return write(request, kwargs[registry.url_kwarg], partial=False)

    @extend_schema(
        request=registry.write,
        responses=registry.read,
        parameters=[IF_MATCH],
        description="Change only the fields named. The commune and the dated steps stay.",
    )
    def patch(self: APIView, request: Request, **kwargs: Any) -> Response:
        return write(request, kwargs[registry.url_kwarg], partial=True)

    return type(
        f"{registry.name}DetailView",
        (APIView,),
        {"get": get, "put": put, "patch": patch, "__doc__": registry.describe},
    )


HOTSPOTS = ApiRegistry(
    name="Hotspot",
    key="hotspot",
    model=Hotspot,
    url_kwarg="hotspot_pk",
    read=HotspotSerializer,
    write=HotspotWrite,
    params=_list_params(
        status=serializers.ChoiceField(choices=HotspotStatus.choices, required=False),
        severity=serializers.ChoiceField(choices=HotspotSeverity.choices, required=False),
        kind=serializers.ChoiceField(choices=HotspotKind.choices, required=False),
    ),
    input=services.HotspotInput,
    listing=selectors.hotspot_list,
    create=services.hotspot_create,
    update=services.hotspot_update,
    update_kwarg="hotspot",
    describe="Hotspots in your jurisdiction (police officers and supervisors); officers "
    "register them; a point outside the commune needs `location_override_reason`.",
    fixed=("commune", "severity", "status", "discovered_on"),
)
INCIDENTS = ApiRegistry(
    name="Incident",
    key="incident",
    model=Incident,
    url_kwarg="incident_pk",
    read=IncidentSerializer,
    write=IncidentWrite,
    params=_list_params(
        kind=serializers.ChoiceField(choices=IncidentKind.choices, required=False),
        since=api_date(input_formats=API_DATES, required=False),
        until=api_date(input_formats=API_DATES, required=False),
    ),
    input=services.IncidentInput,
    listing=selectors.incident_list,
    create=services.incident_create,
    update=services.incident_update,
    update_kwarg="incident",
    describe="Drug incidents (arrests, seizures, plant destruction, tips…) in your jurisdiction.",
)
KEY_AREAS = ApiRegistry(
    name="KeyArea",
    key="key_area",
    model=KeyArea,
    url_kwarg="key_area_pk",
    read=KeyAreaSerializer,
    write=KeyAreaWrite,
    params=_list_params(
        status=serializers.ChoiceField(choices=KeyAreaStatus.choices, required=False),
        area_type=serializers.ChoiceField(choices=KeyAreaType.choices, required=False),
    ),
    input=services.KeyAreaInput,
    listing=selectors.key_area_list,
    create=services.key_area_select,
    update=services.key_area_update,
    update_kwarg="key_area",
    describe="Key complex areas selected for transformation (QĐ 28/2025/QĐ-TTg).",
    fixed=("commune", "selected_on"),
)
BUSINESSES = ApiRegistry(
    name="Business",
    key="business",
    model=Business,
    url_kwarg="business_pk",
    read=BusinessSerializer,
    write=BusinessWrite,
    params=_list_params(
        kind=serializers.ChoiceField(choices=BusinessKind.choices, required=False),
        status=serializers.ChoiceField(choices=BusinessStatus.choices, required=False),
    ),
    input=services.BusinessInput,
    listing=selectors.business_list,
    create=services.business_register,
    update=services.business_update,
    update_kwarg="business",
    describe="Businesses with security-order conditions (karaoke, bars, guest houses…).",
)
DRUG_FREE_UNITS = ApiRegistry(
    name="DrugFree",
    key="drug_free",
    model=DrugFreeRecognition,
    url_kwarg="drug_free_pk",
    read=DrugFreeSerializer,
    write=DrugFreeWrite,
    params=_list_params(
        level=serializers.ChoiceField(choices=DrugFreeLevel.choices, required=False),
        status=serializers.ChoiceField(choices=DrugFreeStatus.choices, required=False),
    ),
    input=services.DrugFreeInput,
    listing=selectors.drug_free_list,
    create=services.drug_free_recognise,
    update=services.drug_free_update,
    update_kwarg="recognition",
    describe="Communes, villages and residential groups recognised drug-free.",
    fixed=("commune", "village", "recognised_on"),
)
DRUG_FREE_ASSESSMENTS = ApiRegistry(
    name="DrugFreeAssessment",
    key="drug_free_assessment",
    model=DrugFreeAssessment,
    url_kwarg="drug_free_assessment_pk",
    read=DrugFreeAssessmentSerializer,
    write=DrugFreeAssessmentWrite,
    params=_list_params(
        level=serializers.ChoiceField(choices=DrugFreeLevel.choices, required=False),
        status=serializers.ChoiceField(choices=DrugFreeAssessmentStatus.choices, required=False),
        since=_optional_date(),
        until=_optional_date(),
    ),
    input=services.DrugFreeAssessmentInput,
    listing=selectors.drug_free_assessment_list,
    create=services.drug_free_assess,
    update=services.drug_free_assessment_update,
    update_kwarg="assessment",
    describe="Assessments of communes, villages and residential groups against the "
    "drug-free criteria in force on their date; a recognition may be decided on one.",
    fixed=("commune", "village", "assessed_on"),
    prepare=_assessment_checks,
)
API_REGISTRIES = {
    "hotspots": HOTSPOTS,
    "incidents": INCIDENTS,
    "key-areas": KEY_AREAS,
    "businesses": BUSINESSES,
    "drug-free-recognitions": DRUG_FREE_UNITS,
    "drug-free-assessments": DRUG_FREE_ASSESSMENTS,
}

# Counts --------------------------------------------------------------------------------------


class _OnParams(serializers.Serializer):
    on = api_date(input_formats=API_DATES, required=False)


class _PeriodParams(serializers.Serializer):
    since = api_date(input_formats=API_DATES)
    until = api_date(input_formats=API_DATES, required=False)


_ON = OpenApiParameter("on", str, description="dd/mm/yyyy or yyyy-mm-dd; today by default")


def _codes(by_commune: dict[int, int]) -> dict[str, int]:
    codes = dict(AdminUnit.objects.filter(pk__in=by_commune).values_list("pk", "code"))
    return {codes[pk]: n for pk, n in by_commune.items()}


def _counting(request: Request, params: type[serializers.Serializer]) -> tuple[Any, dict[str, Any]]:
    access = selectors.place_access(request.user)
    if not access.counts:
        raise NotFound()
    found = params(data=request.query_params)
    found.is_valid(raise_exception=True)
    return access.scope, dict(found.validated_data)


class HotspotCountsSerializer(serializers.Serializer):
    on = api_date()
    total = serializers.IntegerField(
        help_text="Hotspots active (detected, being suppressed or "
        "re-emerged) at the end of the day."
    )
    by_status = serializers.DictField(
        child=serializers.IntegerField(), help_text="Hotspots in each state at the end of the day."
    )
    by_commune = serializers.DictField(child=serializers.IntegerField())
    by_severity = serializers.DictField(child=serializers.IntegerField())
    tied_to_business = serializers.IntegerField()
    tied_to_entertainment = serializers.IntegerField()


class HotspotCountsView(APIView):
    """Open hotspots on a day (today by default), from their dated history: counts only."""

    @extend_schema(parameters=[_ON], responses=HotspotCountsSerializer)
    def get(self, request: Request) -> Response:
        scope, params = _counting(request, _OnParams)
        day = params.get("on") or timezone.localdate()
        counts = selectors.hotspot_counts_on(scope, day)
        by_status = selectors.hotspot_states_on(scope, day)["by_status"]
        return Response(
            {
                **counts,
                "on": day,
                "by_commune": _codes(counts["by_commune"]),
                "by_status": by_status,
            }
        )


class IncidentCountsSerializer(serializers.Serializer):
    since = api_date()
    until = api_date()
    total = serializers.IntegerField()
    by_kind = serializers.DictField(child=serializers.IntegerField())
    by_commune = serializers.DictField(child=serializers.IntegerField())
    offenders = serializers.IntegerField()
    plants = serializers.IntegerField()
    area_m2 = serializers.DecimalField(max_digits=14, decimal_places=1)


class IncidentCountsView(APIView):
    """Incidents between two days (both included): by kind and commune, counts only."""

    @extend_schema(
        parameters=[
            OpenApiParameter("since", str, required=True),
            OpenApiParameter("until", str, description="today by default"),
        ],
        responses=IncidentCountsSerializer,
    )
    def get(self, request: Request) -> Response:
        scope, params = _counting(request, _PeriodParams)
        until = params.get("until") or timezone.localdate()
        counts = selectors.incident_counts_between(scope, params["since"], until)
        return Response(
            {
                **counts,
                "since": params["since"],
                "until": until,
                "by_commune": _codes(counts["by_commune"]),
                "area_m2": str(counts["area_m2"]),
            }
        )


class KeyAreaCountsSerializer(serializers.Serializer):
    on = api_date()
    selected = serializers.IntegerField()
    by_type = serializers.DictField(child=serializers.IntegerField())
    by_status = serializers.DictField(child=serializers.IntegerField())
    transformed = serializers.IntegerField()
    ever_transformed = serializers.IntegerField()
    not_re_emerging = serializers.IntegerField()
    transformed_share = serializers.DecimalField(
        max_digits=5, decimal_places=1, allow_null=True, help_text="% of selected areas"
    )
    sustained_share = serializers.DecimalField(
        max_digits=5, decimal_places=1, allow_null=True, help_text="% of transformed areas"
    )


class KeyAreaCountsView(APIView):
    """Key areas as they stood on a day: selected, transformed, not re-emerging."""

    @extend_schema(parameters=[_ON], responses=KeyAreaCountsSerializer)
    def get(self, request: Request) -> Response:
        scope, params = _counting(request, _OnParams)
        day = params.get("on") or timezone.localdate()
        counts = selectors.key_area_counts_on(scope, day)
        return Response(
            KeyAreaCountsSerializer(
                {
                    **counts,
                    "on": day,
                    "transformed_share": selectors.key_areas_transformed_share(scope, day)["share"],
                    "sustained_share": selectors.key_areas_sustained_share(scope, day)["share"],
                }
            ).data
        )


class BusinessCountsSerializer(serializers.Serializer):
    on = api_date()
    operating = serializers.IntegerField()
    by_kind = serializers.DictField(child=serializers.IntegerField())
    tied_to_open_hotspot = serializers.IntegerField()
    entertainment_tied_to_open_hotspot = serializers.IntegerField()
    with_drug_use_found = serializers.IntegerField()
    never_inspected = serializers.IntegerField()


class BusinessCountsView(APIView):
    """Businesses operating on a day, those tied to an open hotspot then."""

    @extend_schema(parameters=[_ON], responses=BusinessCountsSerializer)
    def get(self, request: Request) -> Response:
        scope, params = _counting(request, _OnParams)
        day = params.get("on") or timezone.localdate()
        return Response({**selectors.business_counts_on(scope, day), "on": day})


class _ShareSerializer(serializers.Serializer):
    drug_free = serializers.IntegerField()
    units = serializers.IntegerField()
    share = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)


class DrugFreeSharesSerializer(serializers.Serializer):
    on = api_date()
    commune = _ShareSerializer()
    village = _ShareSerializer()
    residential_group = _ShareSerializer()


class DrugFreeSharesView(APIView):
    """Drug-free communes, villages and residential groups on a day, with their share (%,
    null when the scope has no such unit)."""

    @extend_schema(parameters=[_ON], responses=DrugFreeSharesSerializer)
    def get(self, request: Request) -> Response:
        scope, params = _counting(request, _OnParams)
        day = params.get("on") or timezone.localdate()
        shares = selectors.drug_free_shares_on(scope, day)
        return Response(DrugFreeSharesSerializer({**shares, "on": day}).data)


# Persons linked to a place -------------------------------------------------------------------


class PlacePersonSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = PlacePerson
        fields = ["id", "person", "full_name", "role", "note", "created_at"]
        read_only_fields = fields


class PlacePersonWrite(serializers.Serializer):
    person = serializers.IntegerField(min_value=1, help_text="the person's record number")
    role = serializers.ChoiceField(choices=PlacePersonRole.choices)
    note = _optional_text(300)


def place_persons_view(registry: ApiRegistry) -> type[APIView]:
    @extend_schema(responses=PlacePersonSerializer(many=True))
    def get(self: APIView, request: Request, **kwargs: Any) -> Response:
        place = selectors.place_get(registry.model, request.user, kwargs[registry.url_kwarg])
        links = selectors.place_persons(request.user, place)  # type: ignore[arg-type]
        return Response(PlacePersonSerializer(links, many=True).data)

    @extend_schema(request=PlacePersonWrite, responses={201: PlacePersonSerializer})
    def post(self: APIView, request: Request, **kwargs: Any) -> Response:
        place = selectors.place_writable_get(
            registry.model, request.user, kwargs[registry.url_kwarg]
        )
        body = PlacePersonWrite(data=request.data)
        body.is_valid(raise_exception=True)
        link = services.place_person_link(
            actor=request.user,
            place=place,  # type: ignore[arg-type]
            person_pk=body.validated_data["person"],
            role=body.validated_data["role"],
            note=body.validated_data["note"],
        )
        return Response(PlacePersonSerializer(link).data, status=status.HTTP_201_CREATED)

    return type(
        f"{registry.name}PersonsView",
        (APIView,),
        {
            "get": get,
            "post": post,
            "__doc__": "Persons involved in the place, shown only where your jurisdiction "
            "reads them; officers of the place's commune link them with a role.",
        },
    )


def place_person_view(registry: ApiRegistry) -> type[APIView]:
    @extend_schema(responses={204: None})
    def delete(self: APIView, request: Request, **kwargs: Any) -> Response:
        place = selectors.place_writable_get(
            registry.model, request.user, kwargs[registry.url_kwarg]
        )
        services.place_person_unlink(
            actor=request.user,
            place=place,  # type: ignore[arg-type]
            link_pk=kwargs["link_pk"],
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    return type(
        f"{registry.name}PersonView",
        (APIView,),
        {"delete": delete, "__doc__": "Remove a person's link to the place."},
    )


class ReverificationSerializer(serializers.ModelSerializer):
    verified_on = api_date()
    verified_by = serializers.CharField(source="verified_by.username", read_only=True)

    class Meta:
        model = HotspotReverification
        fields = ["id", "verified_on", "finding", "note", "verified_by", "created_at"]
        read_only_fields = fields


class ReverificationWrite(serializers.Serializer):
    verified_on = api_date(input_formats=API_DATES)
    finding = serializers.ChoiceField(choices=ReverificationFinding.choices)
    note = _optional_text(300)


class HotspotReverificationsView(APIView):
    """Re-verifications of an eliminated or monitored hotspot, newest first; officers of its
    commune record one (a finding `re_emerged` records the hotspot's re-emergence)."""

    @extend_schema(responses=ReverificationSerializer(many=True))
    def get(self, request: Request, hotspot_pk: int) -> Response:
        found = selectors.hotspot_reverifications(request.user, hotspot_pk)
        return Response(ReverificationSerializer(found, many=True).data)

    @extend_schema(request=ReverificationWrite, responses={201: ReverificationSerializer})
    def post(self, request: Request, hotspot_pk: int) -> Response:
        hotspot = selectors.place_get(Hotspot, request.user, hotspot_pk)
        body = ReverificationWrite(data=request.data)
        body.is_valid(raise_exception=True)
        found = services.hotspot_reverify(
            actor=request.user, hotspot=hotspot, **body.validated_data
        )
        return Response(ReverificationSerializer(found).data, status=status.HTTP_201_CREATED)


# Classification (QĐ 28/2025) -------------------------------------------------------------------


class CriterionSerializer(serializers.Serializer):
    key = serializers.CharField()
    value = serializers.CharField()
    percent = serializers.DecimalField(
        max_digits=8, decimal_places=3, allow_null=True, help_text="% of residents"
    )
    threshold = serializers.CharField()
    met = serializers.BooleanField()
    no_population = serializers.BooleanField(help_text="a share without a population figure")
    to_confirm = serializers.BooleanField(help_text="thresholds not yet confirmed")


class UnitClassificationSerializer(serializers.Serializer):
    commune = serializers.CharField(allow_null=True, help_text="code; null for the province")
    name = serializers.CharField()
    residents = serializers.IntegerField(allow_null=True)
    area_type = serializers.CharField(allow_null=True, help_text="I, II, III or null")
    criteria = CriterionSerializer(many=True)


class ClassificationSerializer(serializers.Serializer):
    on = api_date()
    rule = serializers.CharField(allow_null=True)
    province = UnitClassificationSerializer(allow_null=True)
    communes = UnitClassificationSerializer(many=True)


def _unit_classification(row: Any, name: str) -> dict[str, Any]:
    return {
        "commune": row.commune.code if row.commune else None,
        "name": name,
        "residents": row.facts.residents,
        "area_type": row.area_type,
        "criteria": [
            {
                "key": c.key,
                "value": str(c.value),
                "percent": c.percent,
                "threshold": c.threshold,
                "met": c.met,
                "no_population": c.no_population,
                "to_confirm": c.to_confirm,
            }
            for c in row.criteria
        ],
    }


class ClassificationView(APIView):
    """Every commune of the scope (and the province) classified by QĐ 28/2025/QĐ-TTg on a
    day, computed from the data: each criterion's value, threshold and whether it is met."""

    @extend_schema(parameters=[_ON], responses=ClassificationSerializer)
    def get(self, request: Request) -> Response:
        scope, params = _counting(request, _OnParams)
        day = params.get("on") or timezone.localdate()
        rows, province = classification_on(scope, day)
        config = config_for(day)
        return Response(
            ClassificationSerializer(
                {
                    "on": day,
                    "rule": config.code if config else None,
                    "province": _unit_classification(province, "") if province else None,
                    "communes": [
                        _unit_classification(row, row.commune.full_name)
                        for row in rows
                        if row.commune
                    ],
                }
            ).data
        )
