"""The administrator's form for a year's official calendar."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pcmt.core.dates import form_date


class CalendarYearForm(forms.Form):
    document = forms.CharField(
        label=_("Document number"),
        max_length=200,
        help_text=_("E.g. Thông báo 9441/TB-BNV."),
    )
    document_date = form_date(label=_("Document date"), input_formats=["%d/%m/%Y"])
    issuer = forms.CharField(label=_("Issued by"), max_length=120)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    days = forms.CharField(
        label=_("Days"),
        widget=forms.Textarea(attrs={"rows": 18, "cols": 100}),
        help_text=_(
            "One day a line: dd/mm/yyyy; nghỉ or làm bù; name; document (optional, the notice "
            "above by default). Only a Saturday or Sunday can be a working day."
        ),
    )
