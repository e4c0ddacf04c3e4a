"""Administrators manage agencies and users here; no personal data is registered.

A user's agency, data role and administrator rights are read-only here: they change on the
privileges page, where a grant waits for a second administrator (pcmt/security)."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.models import Agency, LoginEvent, User

admin.site.site_header = _("PCMT administration")
admin.site.site_title = _("PCMT administration")
admin.site.index_title = _("Administration")
# Groups and per-user permissions would grant rights past the four-eyes flow.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)


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
    search_fields = ["username", "first_name", "last_name", "email"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Status"), {"fields": ("is_active", "last_login", "date_joined")}),
        (
            _("Agency, data role and rights"),
            {"fields": ("agency", "data_role", "is_staff", "is_superuser", "privileges_link")},
        ),
    )
    readonly_fields = [
        "agency",
        "data_role",
        "is_staff",
        "is_superuser",
        "privileges_link",
        "last_login",
        "date_joined",
    ]

    @admin.display(description=_("Change"))
    def privileges_link(self, obj: User) -> str:
        if obj.pk is None:
            return ""
        return format_html(
            '<a href="{}">{}</a>',
            reverse("user_privileges", kwargs={"user_pk": obj.pk}),
            _("Change the agency, data role or rights (a second administrator approves)"),
        )

    def get_readonly_fields(self, request: Any, obj: Any = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            readonly.append("is_active")  # nobody enables or disables himself
        return readonly


@admin.register(LoginEvent)
class LoginEventAdmin(admin.ModelAdmin):
    list_display = ["at", "kind", "username", "ip_address"]
    list_filter = ["kind"]
    search_fields = ["username"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
