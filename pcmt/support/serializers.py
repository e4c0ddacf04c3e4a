"""What the support API returns, and the summons body (a management by its id)."""

from rest_framework import serializers

from pcmt.core.dates import api_date
from pcmt.support.models import CheckIn, PrisonRelease, ServiceReceived, Summons

DATES = ["%d/%m/%Y", "iso-8601"]


class ServiceSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id")

    class Meta:
        model = ServiceReceived
        fields = ["id", "person", "service_type", "received_on", "provider", "note"]


class ReleaseSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id")
    return_commune = serializers.CharField(source="return_commune.code")
    contact_due_citation = serializers.CharField(read_only=True)

    class Meta:
        model = PrisonRelease
        fields = [
            "id",
            "person",
            "released_on",
            "facility",
            "judgment",
            "return_commune",
            "notice_received_on",
            "contact_due",
            "contact_due_citation",
            "first_contact_on",
            "first_contact_note",
        ]


class SummonsSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id")

    class Meta:
        model = Summons
        fields = [
            "id",
            "person",
            "management",
            "law_code",
            "issued_on",
            "appear_on",
            "place",
            "purpose",
            "status",
            "attendance_on",
            "attendance_note",
        ]


class SummonsWriteSerializer(serializers.Serializer):
    issued_on = api_date(input_formats=DATES)
    appear_on = api_date(input_formats=DATES)
    place = serializers.CharField(max_length=200)
    purpose = serializers.CharField(max_length=300)
    management = serializers.IntegerField(required=False, allow_null=True, default=None)


class CheckInSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id")

    class Meta:
        model = CheckIn
        fields = ["id", "person", "checked_in_on", "note"]
