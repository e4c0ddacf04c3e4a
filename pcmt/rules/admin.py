"""Administrators maintain the official calendar and the values of the unsure rules."""

from typing import Any

from django.contrib import admin

from pcmt.rules.models import CalendarDay, CalendarYear, RuleOverride


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "document", "document_date", "issuer", "entered_by", "entered_at"]
    readonly_fields = ["entered_by", "entered_at"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name", "document", "document_date", "issuer"]
    list_filter = ["kind"]
    date_hierarchy = "date"
    search_fields = ["name", "document"]


@admin.register(RuleOverride)
class RuleOverrideAdmin(admin.ModelAdmin):
    list_display = ["rule", "value", "effective_from", "note"]
    list_filter = ["rule"]
    exclude = ["created_by"]

    def save_model(self, request: Any, obj: RuleOverride, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
