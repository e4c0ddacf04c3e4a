from django import forms
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.models import Agency, DataRole


class OneTimeCodeForm(forms.Form):
    token = forms.CharField(
        label=_("One-time code or recovery code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class PrivilegesForm(forms.Form):
    """The protected attributes of a user; a grant becomes a request for a second approval."""

    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.filter(is_active=True).select_related("unit"),
        required=False,
    )
    data_role = forms.ChoiceField(label=_("Data role"), choices=DataRole.choices)
    is_staff = forms.BooleanField(label=_("Administrator"), required=False)
    is_superuser = forms.BooleanField(label=_("Superuser"), required=False)
    is_security_officer = forms.BooleanField(label=_("Security officer"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=3650)
