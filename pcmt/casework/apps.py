from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "pcmt.casework"
    label = "casework"
    verbose_name = _("Casework under the law")

    def ready(self) -> None:
        from pcmt.casework import sections
        from pcmt.casework.selectors import casework_deadlines
        from pcmt.core.extensions import register_person_deadlines, register_person_section

        register_person_deadlines(casework_deadlines)
        # First of the sections: where the page showed casework before sections existed.
        register_person_section(sections.person_section, order=10)
