"""The documents section of the person's page: generated documents and attached scans."""

from django.http import HttpRequest

from pcmt.accounts.scope import Scope
from pcmt.core.extensions import PersonSection
from pcmt.documents import selectors
from pcmt.documents.forms import AttachmentForm, AttachmentRemoveForm
from pcmt.persons.models import Person


def person_section(request: HttpRequest, person: Person, scope: Scope) -> PersonSection | None:
    """Download links for each document the records allow, the scans and, for the managing
    commune's officers, the upload and remove forms."""
    if not scope.can_read_persons:
        return None
    attachments = selectors.person_attachments(person.pk)
    labels = selectors.episode_labels(attachments)
    manages = scope.can_write_persons and scope.reaches_commune(person.managing_commune)
    context = {
        "documents": selectors.person_documents(person),
        "attachments": [(a, labels[a.pk]) for a in attachments if not a.is_removed],
        "removed": [(a, labels[a.pk]) for a in attachments if a.is_removed],
        "manages": manages,
        "upload_form": AttachmentForm(person_id=person.pk) if manages else None,
        "remove_form": AttachmentRemoveForm(),
    }
    return PersonSection("documents/_person_section.html", context)
