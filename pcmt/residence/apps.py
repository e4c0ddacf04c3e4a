from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidenceConfig(AppConfig):
    name = "pcmt.residence"
    label = "residence"
    verbose_name = _("Residence moves")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from pcmt.accounts.scope import scope_cache_clear
        from pcmt.core.extensions import (
            register_person_deadlines,
            register_person_reach,
            register_person_section,
            register_worklist,
        )
        from pcmt.documents.registry import register_attachable
        from pcmt.residence import sections, selectors
        from pcmt.residence.models import ResidenceMove

        register_person_section(sections.person_section, order=50)
        register_worklist(selectors.worklist_to_notify, order=50)
        register_worklist(selectors.worklist_to_accept, order=51)
        register_worklist(selectors.worklist_reports_overdue, order=52)
        register_person_deadlines(selectors.move_deadlines)
        register_attachable(ResidenceMove)
        # Moves widen the read scope: the sending side keeps reading, the receiving side
        # reads a move awaiting its acceptance; a saved move changes that for the request.
        register_person_reach(selectors.persons_reached_by_moves)
        post_save.connect(
            lambda **kwargs: scope_cache_clear(),
            sender=ResidenceMove,
            weak=False,
            dispatch_uid="residence_move_scope_cache",
        )
