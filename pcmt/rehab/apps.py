from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RehabConfig(AppConfig):
    name = "pcmt.rehab"
    label = "rehab"
    verbose_name = _("Rehab and post-rehab")

    def ready(self) -> None:
        from pcmt.core.extensions import register_person_section, register_worklist
        from pcmt.rehab import selectors, views

        register_worklist(selectors.dossiers_due_section, order=30)
        register_worklist(selectors.rehab_ending_section, order=31)
        register_worklist(selectors.away_section, order=32)
        register_worklist(selectors.post_rehab_ending_section, order=33)
        register_person_section(views.person_section, order=30)
