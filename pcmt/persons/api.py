"""REST API of the person registry, through the same scope and services as the pages."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.fields import empty
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pcmt.accounts.scope import scope_for
from pcmt.api.actions import action_view, load_person
from pcmt.api.versioning import IF_MATCH, etag, if_match, stale_response
from pcmt.core.crypto import mask_tail
from pcmt.core.dates import api_date
from pcmt.core.errors import NotFound, StaleVersion
from pcmt.core.limits import MAX_ID
from pcmt.geo.models import AdminUnit, Village
from pcmt.persons import lookups, selectors, services
from pcmt.persons.models import AccessChannel, Category, Person, Sex

DATE_FORMATS = ["%d/%m/%Y", "iso-8601"]


class CategoryPeriodSerializer(serializers.Serializer):
    category = serializers.CharField()
    start_date = api_date()
    end_date = api_date(allow_null=True)
    reason = serializers.CharField()
    end_reason = serializers.CharField()


class PersonSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    birth_year = serializers.IntegerField()
    birth_date = api_date(allow_null=True)
    sex = serializers.CharField()
    managing_commune = serializers.CharField(source="managing_commune.code")


class PersonSerializer(PersonSummarySerializer):
    aliases = serializers.SerializerMethodField()
    id_number = serializers.SerializerMethodField()
    old_id_number = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    id_warning_override = serializers.CharField()
    ethnicity = serializers.CharField()
    occupation = serializers.CharField()
    permanent_address = serializers.CharField()
    permanent_commune = serializers.CharField(source="permanent_commune.code", allow_null=True)
    current_address = serializers.CharField()
    current_commune = serializers.CharField(source="current_commune.code")
    current_village = serializers.IntegerField(source="current_village_id", allow_null=True)
    categories = CategoryPeriodSerializer(source="category_periods.all", many=True)
    version = serializers.IntegerField(
        help_text=_("Raised by every change; send it back in If-Match to change the record.")
    )

    def _secret(self, person: Person, name: str) -> str:
        # Decrypt once per person, however many secret fields are shown.
        cached = getattr(person, "_decrypted", None)
        if cached is None:
            cached = selectors.person_secrets(person)
            person._decrypted = cached  # type: ignore[attr-defined]
        # Masked by default: POST …/reveal/ with a reason shows them in full (recorded).
        return mask_tail(str(cached[name]))

    def get_aliases(self, person: Person) -> list[str]:
        return [a.name for a in person.aliases.all()]

    def get_id_number(self, person: Person) -> str:
        return self._secret(person, "id_number")

    def get_old_id_number(self, person: Person) -> str:
        return self._secret(person, "old_id_number")

    def get_phone(self, person: Person) -> str:
        return self._secret(person, "phone")


class PersonWriteSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=120)
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=120),
        required=False,
        default=list,
        max_length=services.MAX_ALIASES,
    )
    birth_date = api_date(required=False, allow_null=True, default=None, input_formats=DATE_FORMATS)
    birth_year = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1900, max_value=2100
    )
    sex = serializers.ChoiceField(choices=Sex.choices)
    # Optional texts: null or "" clears them (only when named: PATCH keeps what it omits).
    id_number = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=20, default=""
    )
    id_warning_override = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, default="", max_length=500
    )
    old_id_number = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=20, default=""
    )
    phone = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=20, default=""
    )
    ethnicity = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=60, default=""
    )
    occupation = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=120, default=""
    )
    permanent_address = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=300, default=""
    )
    permanent_commune = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        default="",
        help_text=_("5-digit code of a 2025 commune."),
    )
    current_address = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=300, default=""
    )
    current_commune = serializers.CharField(help_text=_("5-digit code of a 2025 commune."))
    current_village = serializers.IntegerField(required=False, allow_null=True, default=None)
    acknowledge_duplicates = serializers.BooleanField(required=False, default=False)

    def __init__(self, *args: Any, full: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if full:
            # A PUT sends the whole representation: an omitted field is an error, never a clear.
            for name, write_field in self.fields.items():
                if name != "acknowledge_duplicates":
                    write_field.required = True
                    write_field.default = empty

    def _commune(self, code: str | None) -> AdminUnit | None:
        if not code:
            return None
        unit = AdminUnit.objects.communes().filter(code=code).first()
        if unit is None:
            raise serializers.ValidationError(_("No commune has this code."))
        return unit

    def validate_permanent_commune(self, code: str) -> AdminUnit | None:
        return self._commune(code)

    def validate_current_commune(self, code: str) -> AdminUnit | None:
        return self._commune(code)

    def validate_current_village(self, pk: int | None) -> Village | None:
        if pk is None:
            return None
        village = Village.objects.filter(pk=pk).first()
        if village is None:
            raise serializers.ValidationError(_("No such village."))
        return village

    def cleaned(self) -> dict[str, Any]:
        """The validated fields, null texts as empty, without the registration flag."""
        d: dict[str, Any] = dict(self.validated_data)
        d.pop("acknowledge_duplicates", None)
        for name in _TEXTS:
            if name in d and d[name] is None:
                d[name] = ""
        return d

    def to_input(self) -> services.PersonInput:
        return services.PersonInput(**self.cleaned())


_TEXTS = (
    "id_number",
    "id_warning_override",
    "old_id_number",
    "phone",
    "ethnicity",
    "occupation",
    "permanent_address",
    "current_address",
)


def _current_input(person: Person) -> services.PersonInput:
    """The record as input: what a PATCH starts from."""
    secrets = selectors.person_secrets(person)
    return services.PersonInput(
        full_name=person.full_name,
        aliases=[a.name for a in person.aliases.all()],
        birth_date=person.birth_date,
        birth_year=person.birth_year,
        sex=person.sex,
        current_commune=person.current_commune,
        id_number=str(secrets["id_number"]),
        old_id_number=str(secrets["old_id_number"]),
        id_warning_override=person.id_warning_override,
        phone=str(secrets["phone"]),
        ethnicity=person.ethnicity,
        occupation=person.occupation,
        permanent_address=person.permanent_address,
        permanent_commune=person.permanent_commune,
        permanent_village=person.permanent_village,
        current_address=person.current_address,
        current_village=person.current_village,
    )


class PersonListView(APIView):
    """Search persons in your jurisdiction (name, ID or phone), or register one."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q",
                str,
                description="Name (diacritics optional); for an ID number or phone, POST search/",
            ),
            OpenApiParameter("category", str, enum=Category.values),
            OpenApiParameter("commune", str, description="5-digit commune code"),
            OpenApiParameter("age_min", int),
            OpenApiParameter("age_max", int),
            OpenApiParameter("page", int),
        ],
        responses=PersonSummarySerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        return _search_response(request, request.query_params, in_address=True)

    @extend_schema(request=PersonWriteSerializer, responses={201: PersonSerializer})
    def post(self, request: Request) -> Response:
        serializer = PersonWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person = services.person_register(
            actor=request.user,
            data=serializer.to_input(),
            acknowledge_duplicates=serializer.validated_data["acknowledge_duplicates"],
        )
        return Response(PersonSerializer(person).data, status=status.HTTP_201_CREATED)


class _SearchParams(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=120)
    category = serializers.ChoiceField(choices=Category.choices, required=False, allow_blank=True)
    commune = serializers.CharField(required=False, allow_blank=True, max_length=5)
    age_min = serializers.IntegerField(required=False, min_value=0, max_value=120)
    age_max = serializers.IntegerField(required=False, min_value=0, max_value=120)
    page = serializers.IntegerField(required=False, min_value=1, max_value=100000)


def _search_response(request: Request, data: Any, *, in_address: bool) -> Response:
    scope = scope_for(request.user)
    if not scope.can_read_persons:
        raise NotFound()
    params = _SearchParams(data=data)
    params.is_valid(raise_exception=True)
    p = params.validated_data
    text = p.get("q", "")
    if lookups.number_kind(text):
        if in_address:
            raise lookups.NumberInAddress()
        lookups.number_lookup_begin(request.user, text)
    commune_id = None
    if p.get("commune"):
        unit = scope.communes().filter(code=p["commune"]).first()
        commune_id = unit.pk if unit else -1
    result = selectors.person_search(
        scope=scope,
        query=selectors.SearchQuery(
            text=text,
            category=p.get("category", ""),
            commune_id=commune_id,
            age_min=p.get("age_min"),
            age_max=p.get("age_max"),
        ),
        page=p.get("page") or 1,
    )
    return Response(
        {
            "count": result.total,
            "count_is_capped": result.capped,
            "page": result.number,
            "pages": result.pages,
            "results": PersonSummarySerializer(result.persons, many=True).data,
        }
    )


class PersonSearchView(APIView):
    """Search persons in your jurisdiction with the query in the body: the way to look up
    an ID number or phone, which must never travel in an address. Look-ups by number are
    limited per hour and audited, found or not."""

    @extend_schema(request=_SearchParams, responses=PersonSummarySerializer(many=True))
    def post(self, request: Request) -> Response:
        return _search_response(request, request.data, in_address=False)


class PersonDetailView(APIView):
    """Read or change one person in your jurisdiction."""

    @extend_schema(responses=PersonSerializer)
    def get(self, request: Request, pk: int) -> Response:
        person = selectors.person_get(
            scope=scope_for(request.user), pk=pk, user=request.user, channel=AccessChannel.API
        )
        return Response(PersonSerializer(person).data, headers={"ETag": etag(person)})

    @extend_schema(
        request=PersonWriteSerializer,
        responses=PersonSerializer,
        parameters=[IF_MATCH],
        description='Replace the record: every field is required; null or "" clears one.',
    )
    def put(self, request: Request, pk: int) -> Response:
        return self._write(request, pk, partial=False)

    @extend_schema(
        request=PersonWriteSerializer,
        responses=PersonSerializer,
        parameters=[IF_MATCH],
        description='Change only the fields named; null or "" clears one.',
    )
    def patch(self, request: Request, pk: int) -> Response:
        return self._write(request, pk, partial=True)

    def _write(self, request: Request, pk: int, *, partial: bool) -> Response:
        scope = scope_for(request.user)
        person = selectors.person_get(scope=scope, pk=pk)
        version = if_match(request)
        serializer = PersonWriteSerializer(data=request.data, partial=partial, full=not partial)
        serializer.is_valid(raise_exception=True)
        given = serializer.cleaned()
        data = _current_input(person)
        if not partial:
            # The API does not carry the permanent village: kept while the commune stays.
            data = services.PersonInput(
                **given,
                permanent_village=data.permanent_village
                if given.get("permanent_commune") == person.permanent_commune
                else None,
            )
        else:
            for name, value in given.items():
                if name in request.data:
                    setattr(data, name, value)
            if "birth_date" in request.data and "birth_year" not in request.data:
                data.birth_year = None
            if "permanent_commune" in request.data and data.permanent_commune != (
                person.permanent_commune
            ):
                data.permanent_village = None
        _keep_masked_echoes(data, person)
        try:
            person = services.person_update(
                actor=request.user, person=person, data=data, version=version
            )
        except StaleVersion as error:
            return stale_response(error)
        return Response(PersonSerializer(person).data, headers={"ETag": etag(person)})


def _keep_masked_echoes(data: services.PersonInput, person: Person) -> None:
    """A secret sent back exactly as it was shown (masked) keeps the stored value."""
    stored = selectors.person_secrets(person)
    for name in ("id_number", "old_id_number", "phone"):
        value = str(getattr(data, name) or "")
        if value and stored[name] and value == mask_tail(stored[name]):
            setattr(data, name, stored[name])


class MergeWriteSerializer(serializers.Serializer):
    into = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class UnmergeWriteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class MergeStateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    merged_into = serializers.IntegerField(source="merged_into_id", allow_null=True)


PersonMergeView = action_view(
    summary="Merge this record into another record of the same person (kept, undoable).",
    load=load_person,
    url_kwarg="pk",
    target="person",
    service=services.person_merge,
    request_serializer=MergeWriteSerializer,
    response_serializer=MergeStateSerializer,
)
PersonUnmergeView = action_view(
    summary="Undo the merge of this record.",
    load=load_person,
    url_kwarg="pk",
    target="person",
    service=services.person_merge_undo,
    request_serializer=UnmergeWriteSerializer,
    response_serializer=MergeStateSerializer,
)
