"""REST API of rehab: episodes, every transition, post-rehab management."""

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pcmt.accounts.scope import scope_for
from pcmt.core.errors import DomainError, NotFound
from pcmt.geo.models import AdminUnit
from pcmt.persons.events import person_read_record
from pcmt.persons.models import AccessChannel
from pcmt.persons.selectors import person_get
from pcmt.rehab import selectors, services
from pcmt.rehab.models import (
    DossierDocument,
    PostRehab,
    PostRehabEndReason,
    RehabAbsence,
    RehabEndReason,
    RehabEpisode,
    RehabKind,
    RehabTransfer,
)

DATES = ["%d/%m/%Y", "iso-8601"]


class TransferSerializer(serializers.ModelSerializer):
    class Meta:
        model = RehabTransfer
        fields = ["id", "transferred_on", "from_facility", "to_facility"]


class AbsenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = RehabAbsence
        fields = ["id", "left_on", "returned_on", "days"]


class ChecklistItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    received = serializers.BooleanField()
    received_on = serializers.DateField(allow_null=True)


class EpisodeSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id")
    commune = serializers.CharField(source="commune.code", default=None)
    checklist = serializers.SerializerMethodField()
    transfers = TransferSerializer(many=True, read_only=True)
    absences = AbsenceSerializer(many=True, read_only=True)

    class Meta:
        model = RehabEpisode
        fields = [
            "id",
            "person",
            "kind",
            "status",
            "opened_on",
            "law_code",
            "repeat",
            "minor",
            "months",
            "commune",
            "facility",
            "dossier_law_code",
            "dossier_due",
            "sent_to_court_on",
            "court",
            "court_decision_number",
            "court_decision_date",
            "started_on",
            "term_from",
            "days_away",
            "planned_end",
            "ended_on",
            "end_reason",
            "end_note",
            "checklist",
            "transfers",
            "absences",
        ]

    @extend_schema(responses=ChecklistItemSerializer(many=True))
    def get_checklist(self, episode: RehabEpisode) -> list[dict[str, Any]]:
        return selectors.checklist(episode)


class PostRehabSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id")
    episode = serializers.IntegerField(source="episode_id")

    class Meta:
        model = PostRehab
        fields = [
            "id",
            "person",
            "episode",
            "status",
            "law_code",
            "started_on",
            "planned_end",
            "ended_on",
            "end_reason",
        ]


class PersonRehabSerializer(serializers.Serializer):
    episodes = EpisodeSerializer(many=True)
    post_rehabs = PostRehabSerializer(many=True)


class OpenSerializer(serializers.Serializer):
    """Voluntary kinds register; "compulsory" opens the dossier on `opened_on`."""

    kind = serializers.ChoiceField(choices=RehabKind.choices)
    registered_on = serializers.DateField(input_formats=DATES, required=False)
    opened_on = serializers.DateField(input_formats=DATES, required=False)
    months = serializers.IntegerField(required=False, allow_null=True, default=None)
    commune = serializers.CharField(max_length=5, required=False, allow_blank=True, default="")
    facility = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class StartSerializer(serializers.Serializer):
    started_on = serializers.DateField(input_formats=DATES)


class DocumentSerializer(serializers.Serializer):
    document = serializers.ChoiceField(choices=DossierDocument.choices)
    received_on = serializers.DateField(input_formats=DATES)


class SendSerializer(serializers.Serializer):
    sent_on = serializers.DateField(input_formats=DATES)


class DecisionSerializer(serializers.Serializer):
    court = serializers.CharField(max_length=200)
    number = serializers.CharField(max_length=60)
    decided_on = serializers.DateField(input_formats=DATES)
    months = serializers.IntegerField(required=False, allow_null=True, default=None)


class AdmissionSerializer(serializers.Serializer):
    admitted_on = serializers.DateField(input_formats=DATES)
    facility = serializers.CharField(max_length=200)
    term_from = serializers.DateField(
        input_formats=DATES, required=False, allow_null=True, default=None
    )


class TransferWriteSerializer(serializers.Serializer):
    transferred_on = serializers.DateField(input_formats=DATES)
    to_facility = serializers.CharField(max_length=200)


class EscapeSerializer(serializers.Serializer):
    left_on = serializers.DateField(input_formats=DATES)


class ReturnSerializer(serializers.Serializer):
    returned_on = serializers.DateField(input_formats=DATES)


class CompleteSerializer(serializers.Serializer):
    completed_on = serializers.DateField(input_formats=DATES)


class EndSerializer(serializers.Serializer):
    ended_on = serializers.DateField(input_formats=DATES)
    reason = serializers.ChoiceField(choices=RehabEndReason.choices)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class PostOpenSerializer(serializers.Serializer):
    started_on = serializers.DateField(input_formats=DATES)


class PostUseSerializer(serializers.Serializer):
    detected_on = serializers.DateField(input_formats=DATES)


class PostEndSerializer(serializers.Serializer):
    ended_on = serializers.DateField(input_formats=DATES)
    reason = serializers.ChoiceField(choices=PostRehabEndReason.choices)


def _log_read(request: Request, person_id: int) -> None:
    """Every read of a person's record is attributable."""
    user: Any = request.user
    person_read_record(person=person_id, user=user, channel=AccessChannel.API)


def _writable_episode(request: Request, pk: int) -> RehabEpisode:
    scope = scope_for(request.user)
    episode = selectors.episode_get(scope=scope, pk=pk)
    if not scope.can_write_persons:
        raise NotFound()
    return episode


def _writable_post_rehab(request: Request, pk: int) -> PostRehab:
    scope = scope_for(request.user)
    post = selectors.post_rehab_get(scope=scope, pk=pk)
    if not scope.can_write_persons:
        raise NotFound()
    return post


class PersonRehabView(APIView):
    """A person's rehab episodes and post-rehab; POST registers or opens a dossier."""

    @extend_schema(responses=PersonRehabSerializer)
    def get(self, request: Request, pk: int) -> Response:
        scope = scope_for(request.user)
        person = person_get(scope=scope, pk=pk, user=request.user, channel=AccessChannel.API)
        found = selectors.person_rehab(person.pk)
        return Response(PersonRehabSerializer(found).data)

    @extend_schema(request=OpenSerializer, responses={201: EpisodeSerializer})
    def post(self, request: Request, pk: int) -> Response:
        scope = scope_for(request.user)
        person = person_get(scope=scope, pk=pk)
        if not scope.can_write_persons:
            raise NotFound()
        data = OpenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if values["kind"] == RehabKind.COMPULSORY:
            if values.get("opened_on") is None:
                raise DomainError("date_required", _("Enter the date."), "opened_on")
            episode = services.compulsory_dossier_open(
                actor=request.user, person=person, opened_on=values["opened_on"]
            )
        else:
            if values.get("registered_on") is None:
                raise DomainError("date_required", _("Enter the date."), "registered_on")
            commune = None
            if values["commune"]:
                commune = AdminUnit.objects.communes().filter(code=values["commune"]).first()
                if commune is None:
                    raise DomainError("commune_required", _("No commune has this code."), "commune")
            episode = services.rehab_register(
                actor=request.user,
                person=person,
                kind=values["kind"],
                registered_on=values["registered_on"],
                months=values["months"],
                commune=commune,
                facility=values["facility"],
            )
        return Response(EpisodeSerializer(episode).data, status=status.HTTP_201_CREATED)


class EpisodeDetailView(APIView):
    """One rehab episode with its dossier checklist, transfers and absences."""

    @extend_schema(responses=EpisodeSerializer)
    def get(self, request: Request, rehab_pk: int) -> Response:
        episode = selectors.episode_get(scope=scope_for(request.user), pk=rehab_pk)
        _log_read(request, episode.person_id)
        return Response(EpisodeSerializer(episode).data)


def _transition(
    write: type[serializers.Serializer],
    service: Callable[..., Any],
    doc: str,
    *,
    created: bool = False,
) -> type[APIView]:
    """A POST endpoint on an episode: validate, run one service, return the episode."""

    class TransitionView(APIView):
        @extend_schema(request=write, responses=EpisodeSerializer, summary=doc)
        def post(self, request: Request, rehab_pk: int) -> Response:
            episode = _writable_episode(request, rehab_pk)
            data = write(data=request.data)
            data.is_valid(raise_exception=True)
            service(actor=request.user, episode=episode, **data.validated_data)
            episode = RehabEpisode.objects.get(pk=episode.pk)
            code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
            return Response(EpisodeSerializer(episode).data, status=code)

    TransitionView.__name__ = TransitionView.__qualname__ = f"{service.__name__.title()}View"
    TransitionView.__doc__ = doc
    return TransitionView


StartView = _transition(StartSerializer, services.rehab_start, "Start a voluntary rehab.")
DocumentView = _transition(
    DocumentSerializer,
    services.dossier_document_receive,
    "Tick a dossier document as received.",
    created=True,
)
SendToCourtView = _transition(
    SendSerializer, services.dossier_send_to_court, "Send the complete dossier to the court."
)
CourtDecisionView = _transition(
    DecisionSerializer, services.court_decision_record, "Record the court's decision."
)
AdmissionView = _transition(
    AdmissionSerializer, services.compulsory_admit, "Record the admission to the facility."
)
TransferView = _transition(
    TransferWriteSerializer,
    services.rehab_transfer,
    "Transfer to another facility.",
    created=True,
)
EscapeView = _transition(
    EscapeSerializer, services.rehab_escape, "Record leaving without permission."
)
ReturnView = _transition(
    ReturnSerializer, services.rehab_return, "Record the return; the planned end moves later."
)
CompleteView = _transition(
    CompleteSerializer, services.rehab_complete, "Complete the rehab once the term is served."
)
EndView = _transition(EndSerializer, services.rehab_end_early, "End the rehab early.")


class PostRehabOpenView(APIView):
    """Put a person who completed rehab under post-rehab management."""

    @extend_schema(request=PostOpenSerializer, responses={201: PostRehabSerializer})
    def post(self, request: Request, rehab_pk: int) -> Response:
        episode = _writable_episode(request, rehab_pk)
        data = PostOpenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        post = services.post_rehab_open(actor=request.user, episode=episode, **data.validated_data)
        return Response(PostRehabSerializer(post).data, status=status.HTTP_201_CREATED)


class PostRehabDetailView(APIView):
    """One post-rehab management."""

    @extend_schema(responses=PostRehabSerializer)
    def get(self, request: Request, post_rehab_pk: int) -> Response:
        post = selectors.post_rehab_get(scope=scope_for(request.user), pk=post_rehab_pk)
        _log_read(request, post.person_id)
        return Response(PostRehabSerializer(post).data)


class PostRehabUseView(APIView):
    """Drug use during post-rehab: an addiction determination is required."""

    @extend_schema(request=PostUseSerializer, responses=PostRehabSerializer)
    def post(self, request: Request, post_rehab_pk: int) -> Response:
        post = _writable_post_rehab(request, post_rehab_pk)
        data = PostUseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        determination = services.post_rehab_use_detected(
            actor=request.user, post_rehab=post, **data.validated_data
        )
        return Response(
            {**PostRehabSerializer(post).data, "determination": determination.pk},
        )


class PostRehabEndView(APIView):
    """End post-rehab management: served, or early with a reason."""

    @extend_schema(request=PostEndSerializer, responses=PostRehabSerializer)
    def post(self, request: Request, post_rehab_pk: int) -> Response:
        post = _writable_post_rehab(request, post_rehab_pk)
        data = PostEndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        post = services.post_rehab_end(actor=request.user, post_rehab=post, **data.validated_data)
        return Response(PostRehabSerializer(post).data)
