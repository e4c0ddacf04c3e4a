from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "pcmt.plans"
    label = "plans"
    verbose_name = _("Plans, targets and indicators")

    def ready(self) -> None:
        from pcmt.core.extensions import register_person_section
        from pcmt.plans import sections

        register_person_section(sections.person_section, order=90)
