from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "pcmt.plans"
    label = "plans"
    verbose_name = _("Plans, targets and indicators")

    def ready(self) -> None:
        from pcmt.audit.labels import register_actions, register_stream, register_values
        from pcmt.core.extensions import register_person_section
        from pcmt.plans import indicators, models, sections

        register_actions(models.PlanAction)
        register_stream(models.PLAN_STREAM, _("Plan"))
        register_stream(models.CAUSE_STREAM, _("Causes of a new case"))
        # A target's event names its indicator by key: the audit shows the indicator's name.
        register_values("indicator", {i.key: i.name for i in indicators.indicators_all()})
        register_person_section(sections.person_section, order=90)
