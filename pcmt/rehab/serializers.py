"""What the rehab API reads and returns: episodes, post-rehab, and the bodies the page forms
cannot give (the one opening route, every end reason)."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from pcmt.core.dates import api_date
from pcmt.rehab import selectors
from pcmt.rehab.models import (
    DossierHolding,
    ElectronicMonitoring,
    MonitoringAlert,
    PostRehab,
    RehabAbsence,
    RehabEndReason,
    RehabEpisode,
    RehabKind,
    RehabTransfer,
    TermChange,
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


class HoldingSerializer(serializers.ModelSerializer):
    days = serializers.IntegerField(read_only=True)

    class Meta:
        model = DossierHolding
        fields = ["id", "place", "held_from", "held_to", "facility", "days"]


class TermChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = TermChange
        fields = [
            "id",
            "kind",
            "ground",
            "decision_number",
            "decided_on",
            "issuer",
            "reduction_months",
            "suspended_from",
            "suspended_to",
            "planned_end_before",
            "planned_end_after",
            "citation",
        ]


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
    holdings = HoldingSerializer(many=True, read_only=True)
    term_changes = TermChangeSerializer(many=True, read_only=True)
    credited_days = serializers.IntegerField(read_only=True)
    dossier_due_citation = serializers.CharField(read_only=True)
    planned_end_citation = serializers.CharField(read_only=True)

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
            "facility_kind",
            "dossier_law_code",
            "dossier_due",
            "dossier_due_citation",
            "sent_to_court_on",
            "court",
            "court_decision_number",
            "court_decision_date",
            "started_on",
            "term_from",
            "days_away",
            "credited_days",
            "planned_end",
            "planned_end_citation",
            "ended_on",
            "end_reason",
            "end_note",
            "checklist",
            "transfers",
            "absences",
            "holdings",
            "term_changes",
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


class AlertSerializer(serializers.ModelSerializer):
    class Meta:
        model = MonitoringAlert
        fields = ["id", "occurred_on", "kind", "note"]


class MonitoringSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id")
    episode = serializers.IntegerField(source="episode_id", allow_null=True)
    post_rehab = serializers.IntegerField(source="post_rehab_id", allow_null=True)
    therapy = serializers.IntegerField(source="therapy_id", allow_null=True)
    citation = serializers.CharField(read_only=True)
    alerts = AlertSerializer(many=True, read_only=True)

    class Meta:
        model = ElectronicMonitoring
        fields = [
            "id",
            "person",
            "monitored",
            "episode",
            "post_rehab",
            "therapy",
            "status",
            "law_code",
            "device_reference",
            "started_on",
            "planned_end",
            "citation",
            "ended_on",
            "alerts",
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
