from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "pcmt.support"
    label = "support"
    verbose_name = _("Services, prison release, summons")

    def ready(self) -> None:
        from pcmt.core.extensions import (
            register_person_deadlines,
            register_person_section,
            register_worklist,
        )
        from pcmt.documents.registry import register_attachable
        from pcmt.summaries.services import summary_register
        from pcmt.support import selectors, views
        from pcmt.support.models import PrisonRelease, ServiceReceived, Summons
        from pcmt.support.summaries import services_reached_summary

        summary_register(services_reached_summary)
        register_worklist(selectors.summonses_due_section, order=200)
        register_worklist(selectors.releases_to_receive_section, order=210)
        register_worklist(selectors.repeated_absence_section, order=220)
        register_person_section(views.person_section, order=200)
        register_person_deadlines(selectors.support_deadlines)
        for model in (ServiceReceived, PrisonRelease, Summons):
            register_attachable(model)
