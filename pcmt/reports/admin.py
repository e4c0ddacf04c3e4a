from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from pcmt.core.errors import DomainError
from pcmt.reports.layouts import layout_check
from pcmt.reports.models import ReportTemplate


class ReportTemplateForm(forms.ModelForm):
    class Meta:
        model = ReportTemplate
        fields = [
            "code",
            "name",
            "issuing_body",
            "layout",
            "period_kinds",
            "commune_due_day",
            "province_due_day",
            "ministry_due_day",
            "active",
        ]

    def clean_layout(self) -> Any:
        layout = self.cleaned_data["layout"]
        try:
            layout_check(layout)
        except DomainError as error:
            raise ValidationError(str(error.message)) from None
        return layout


@admin.register(ReportTemplate)
class ReportTemplateAdmin(admin.ModelAdmin):
    form = ReportTemplateForm
    list_display = ["name", "code", "commune_due_day", "province_due_day", "active"]
