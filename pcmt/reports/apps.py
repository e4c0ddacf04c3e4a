from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "pcmt.reports"
    label = "reports"
    verbose_name = _("Periodic reports")

    def ready(self) -> None:
        from pcmt.audit.labels import register_actions, register_stream
        from pcmt.core.extensions import register_worklist
        from pcmt.reports import deadlines, lifecycles, models  # noqa: F401  (registers the lifecycle)

        register_worklist(deadlines.report_deadlines_section, order=70)
        register_actions(models.ReportAction)
        register_stream(models.REPORT_STREAM, _("Periodic report"))
