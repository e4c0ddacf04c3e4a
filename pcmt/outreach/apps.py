from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "pcmt.outreach"
    label = "outreach"
    verbose_name = _("Outreach")

    def ready(self) -> None:
        from pcmt.audit.labels import register_actions, register_stream
        from pcmt.outreach import models

        register_actions(models.OutreachAction)
        register_stream(models.OUTREACH_STREAM, _("Outreach activity"))
        register_stream(models.OUTREACH_TARGET_STREAM, _("School or industrial zone"))
