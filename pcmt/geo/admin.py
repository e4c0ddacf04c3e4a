from typing import Any

from django.contrib import admin

from pcmt.core.text import fold
from pcmt.geo.models import AdminUnit, Village


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "division_type", "parent", "valid_from", "valid_to"]
    list_filter = ["level", "division_type"]
    search_fields = ["code", "name", "name_folded"]
    readonly_fields = ["code", "level"]


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "commune", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "commune__name"]
    autocomplete_fields = ["commune"]
    exclude = ["name_folded", "created_by"]

    def save_model(self, request: Any, obj: Village, form: Any, change: bool) -> None:
        obj.name_folded = fold(obj.name)
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
