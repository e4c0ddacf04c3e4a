"""Security records are read-only in Django admin; authenticator devices are not shown there
(their secrets would be), they are reset on a user's privileges page."""

from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from pcmt.security.models import PrivilegeRequest, SecurityOfficer

for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(PrivilegeRequest)
class PrivilegeRequestAdmin(ReadOnlyAdmin):
    list_display = ["requested_at", "user", "requested_by", "status", "decided_by"]
    list_filter = ["status"]


@admin.register(SecurityOfficer)
class SecurityOfficerAdmin(ReadOnlyAdmin):
    list_display = ["user", "since"]
