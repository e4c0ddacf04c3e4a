from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "pcmt.documents"
    label = "documents"
    verbose_name = _("Documents and scans")

    def ready(self) -> None:
        from pcmt.casework import selectors as casework
        from pcmt.casework.models import (
            AddictionDetermination,
            DrugTest,
            SubstitutionTherapy,
            UserManagement,
        )
        from pcmt.core.extensions import register_person_section
        from pcmt.documents import builders, checks, sections
        from pcmt.documents.registry import register_attachable, register_document

        register_document(
            "management_decision",
            _("User-management decision"),
            casework.management_get,
            builders.management_decision,
            candidates=builders.managements_with_decision,
        )
        register_document(
            "determination_request",
            _("Request to determine addiction"),
            casework.determination_get,
            builders.determination_request,
            candidates=builders.determinations_requested,
        )
        for model in (DrugTest, UserManagement, AddictionDetermination, SubstitutionTherapy):
            register_attachable(model)
        register_person_section(sections.person_section, order=80)
        checks.register()
