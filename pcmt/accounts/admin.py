"""Administrators manage agencies and users here; no personal data is registered."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.models import Agency, LoginEvent, User


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "unit", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "unit__name"]
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username",
        "first_name",
        "last_name",
        "agency",
        "data_role",
        "is_staff",
        "is_active",
    ]
    list_filter = ["data_role", "is_staff", "is_active"]
    autocomplete_fields = ["agency"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Agency and data role"), {"fields": ("agency", "data_role")}),
    )


@admin.register(LoginEvent)
class LoginEventAdmin(admin.ModelAdmin):
    list_display = ["at", "kind", "username", "ip_address"]
    list_filter = ["kind"]
    search_fields = ["username"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
