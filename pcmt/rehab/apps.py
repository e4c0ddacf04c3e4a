from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RehabConfig(AppConfig):
    name = "pcmt.rehab"
    label = "rehab"
    verbose_name = _("Rehab and post-rehab")

    def ready(self) -> None:
        from pcmt.audit.labels import register_actions
        from pcmt.core.extensions import (
            register_person_deadlines,
            register_person_section,
            register_worklist,
        )
        from pcmt.documents.registry import register_attachable, register_document
        from pcmt.rehab import documents, selectors, views
        from pcmt.rehab.models import ElectronicMonitoring, PostRehab, RehabAction, RehabEpisode

        register_actions(RehabAction)

        register_worklist(selectors.dossiers_due_section, order=30)
        register_worklist(selectors.rehab_ending_section, order=31)
        register_worklist(selectors.away_section, order=32)
        register_worklist(selectors.post_rehab_ending_section, order=33)
        register_person_section(views.person_section, order=30)
        register_person_deadlines(selectors.rehab_deadlines)
        register_document(
            "rehab_dossier",
            _("Compulsory-rehab dossier cover sheet"),
            selectors.episode_get,
            documents.dossier_cover,
            candidates=documents.dossiers_of,
        )
        register_attachable(RehabEpisode)
        register_attachable(PostRehab)
        register_attachable(ElectronicMonitoring)
