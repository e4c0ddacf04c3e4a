from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "pcmt.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from pcmt.audit import checks  # noqa: F401 - registers the deploy check of the key
        from pcmt.audit.labels import register_actions, register_stream
        from pcmt.audit.models import AuditAction

        register_actions(AuditAction)
        register_stream("audit", _("Audit log"))
