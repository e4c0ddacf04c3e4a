"""What the rehab API reads and returns: episodes, post-rehab, and the bodies the page forms
cannot give (the one opening route, every end reason)."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from pcmt.core.dates import api_date
from pcmt.rehab import selectors
from pcmt.rehab.models import (
    PostRehab,
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
    received_on = api_date(allow_null=True)


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
    episode = serializers.IntegerField(source="episode_id", allow_null=True)
    therapy = serializers.IntegerField(source="therapy_id", allow_null=True)
    citation = serializers.CharField(read_only=True)

    class Meta:
        model = PostRehab
        fields = [
            "id",
            "person",
            "episode",
            "therapy",
            "status",
            "law_code",
            "started_on",
            "planned_end",
            "citation",
            "ended_on",
            "end_reason",
        ]


class OpenSerializer(serializers.Serializer):
    """Voluntary kinds register; "compulsory" opens the dossier on `opened_on`."""

    kind = serializers.ChoiceField(choices=RehabKind.choices)
    registered_on = api_date(input_formats=DATES, required=False)
    opened_on = api_date(input_formats=DATES, required=False)
    months = serializers.IntegerField(required=False, allow_null=True, default=None)
    commune = serializers.CharField(max_length=5, required=False, allow_blank=True, default="")
    facility = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class EndSerializer(serializers.Serializer):
    ended_on = api_date(input_formats=DATES)
    reason = serializers.ChoiceField(choices=RehabEndReason.choices)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class PostRehabUseSerializer(PostRehabSerializer):
    determination = serializers.IntegerField(source="determination_pk")

    class Meta(PostRehabSerializer.Meta):
        fields = [*PostRehabSerializer.Meta.fields, "determination"]
