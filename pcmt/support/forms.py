"""Forms of the support actions on the person page and of the services indicator."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pcmt.casework.models import UserManagement
from pcmt.persons.forms import _date_field
from pcmt.support.models import ServiceType, SummonsStatus


class ServiceForm(forms.Form):
    service_type = forms.ChoiceField(label=_("Service"), choices=ServiceType.choices)
    received_on = _date_field(_("Received on"), required=True)
    provider = forms.CharField(label=_("Provided by"), max_length=200)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ReleaseForm(forms.Form):
    released_on = _date_field(_("Released on"), required=True)
    facility = forms.CharField(label=_("Prison or detention facility"), max_length=200)
    judgment = forms.CharField(label=_("Judgment and offence"), max_length=300, required=False)
    notice_received_on = _date_field(_("Prison's notice received on (empty: the release date)"))


class ReleaseContactForm(forms.Form):
    contacted_on = _date_field(_("First contact on"), required=True)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ManagementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        number = obj.decision_number or obj.get_status_display()
        until = f" – {obj.period_end:%d/%m/%Y}" if obj.period_end else ""
        since = f"{obj.decision_date:%d/%m/%Y}" if obj.decision_date else ""
        return f"{number} {since}{until}".strip()


class SummonsForm(forms.Form):
    issued_on = _date_field(_("Issued on"), required=True)
    appear_on = _date_field(_("To appear on"), required=True)
    place = forms.CharField(label=_("Place"), max_length=200)
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    management = ManagementChoiceField(
        label=_("Under the user management"),
        queryset=UserManagement.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, person_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["management"]
        assert isinstance(field, forms.ModelChoiceField)
        # Any of the person's managements may be chosen; the service refuses ended ones.
        field.queryset = UserManagement.objects.filter(person_id=person_id)


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Attendance"),
        choices=[c for c in SummonsStatus.choices if c[0] != SummonsStatus.PENDING],
    )
    attendance_on = _date_field(_("Date"), required=True)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class CheckInForm(forms.Form):
    checked_in_on = _date_field(_("Checked in on"), required=True)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


def default_period() -> dict[str, datetime.date]:
    """The current calendar year."""
    year = timezone.localdate().year
    return {"start": datetime.date(year, 1, 1), "end": datetime.date(year, 12, 31)}


class PeriodForm(forms.Form):
    """A date range; a bound that is left empty is taken from the current year."""

    start = _date_field(_("From"))
    end = _date_field(_("Until"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "start" in self.errors or "end" in self.errors:
            return data
        default = default_period()
        start = data.get("start") or default["start"]
        end = data.get("end") or default["end"]
        if end < start:
            self.add_error("end", _("The end of the period is before its start."))
        data["start"], data["end"] = start, end
        return data
