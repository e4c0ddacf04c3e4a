"""Administrators maintain the holiday table and the values of the unsure rules."""

from typing import Any

from django.contrib import admin

from pcmt.rules.models import Holiday, RuleOverride


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "note"]
    date_hierarchy = "date"
    search_fields = ["name"]


@admin.register(RuleOverride)
class RuleOverrideAdmin(admin.ModelAdmin):
    list_display = ["rule", "value", "effective_from", "note"]
    list_filter = ["rule"]
    exclude = ["created_by"]

    def save_model(self, request: Any, obj: RuleOverride, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
