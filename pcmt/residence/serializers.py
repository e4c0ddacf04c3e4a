"""What the moves API returns, and the bodies of the move transitions."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pcmt.core.dates import api_date
from pcmt.geo.models import AdminUnit
from pcmt.residence.forms import commune_by_code_or_name
from pcmt.residence.models import ResidenceMove

DATES = ["%d/%m/%Y", "iso-8601"]
TIMES = ["%H:%M", "iso-8601"]


class MoveSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id")
    from_commune = serializers.CharField(source="from_commune.code")
    to_commune = serializers.CharField(source="to_commune.code")

    class Meta:
        model = ResidenceMove
        fields = [
            "id",
            "person",
            "origin",
            "status",
            "law_code",
            "from_commune",
            "to_commune",
            "new_address",
            "moved_on",
            "moved_time",
            "notify_due",
            "notified_at",
            "notified_late",
            "report_due",
            "reported_on",
            "reported_time",
            "reported_late",
            "accepted_at",
            "closed_at",
            "reason",
        ]


@extend_schema_field(OpenApiTypes.STR)
class CommuneCodeField(serializers.Field):
    """Any commune in force, by its 5-digit code or its exact name."""

    def to_internal_value(self, data: Any) -> AdminUnit:
        if not isinstance(data, str | int) or not str(data).strip() or len(str(data)) > 120:
            raise serializers.ValidationError(_("Enter the code or the name of a commune."))
        try:
            return commune_by_code_or_name(str(data))
        except forms.ValidationError as error:
            raise serializers.ValidationError(error.messages) from error

    def to_representation(self, value: AdminUnit) -> str:
        return value.code


class MoveWriteSerializer(serializers.Serializer):
    to_commune = CommuneCodeField()
    new_address = serializers.CharField(max_length=300)
    moved_on = api_date(input_formats=DATES)
    moved_time = serializers.TimeField(input_formats=TIMES, required=False, allow_null=True)


class NotifySerializer(serializers.Serializer):
    """No input: the notice is sent now."""


class AcceptSerializer(serializers.Serializer):
    reported_on = api_date(input_formats=DATES, required=False, allow_null=True)
    reported_time = serializers.TimeField(input_formats=TIMES, required=False, allow_null=True)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)
