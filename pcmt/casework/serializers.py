"""What the casework API returns: drug tests, managements, determinations, therapies."""

from rest_framework import serializers

from pcmt.casework.models import (
    AddictionDetermination,
    DrugTest,
    SubstitutionTherapy,
    UserManagement,
)


class DrugTestSerializer(serializers.ModelSerializer):
    class Meta:
        model = DrugTest
        fields = [
            "id",
            "tested_on",
            "result_received_on",
            "place",
            "result",
            "substances",
            "tested_by",
            "grounds",
        ]


class ManagementSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id")
    decision_due_citation = serializers.CharField(read_only=True)
    period_end_citation = serializers.CharField(read_only=True)

    class Meta:
        model = UserManagement
        fields = [
            "id",
            "person",
            "status",
            "law_code",
            "decision_due",
            "decision_due_citation",
            "decision_number",
            "decision_date",
            "signer",
            "period_end",
            "period_end_citation",
            "ended_on",
            "end_reason",
        ]


class DeterminationSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id")

    class Meta:
        model = AddictionDetermination
        fields = [
            "id",
            "person",
            "trigger",
            "status",
            "law_code",
            "required_on",
            "facility",
            "requested_on",
            "determined_on",
            "result",
        ]


class TherapySerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id")

    class Meta:
        model = SubstitutionTherapy
        fields = ["id", "person", "clinic", "started_on", "stopped_on", "stop_reason"]
