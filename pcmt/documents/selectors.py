"""Reads of documents and scans, always through the jurisdiction scope; reads are logged."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from pcmt.accounts.scope import Scope
from pcmt.core.errors import NotFound
from pcmt.documents.models import Attachment
from pcmt.documents.registry import DocumentType, attachable, attachables, document_type
from pcmt.documents.registry import document_types as registered_documents
from pcmt.persons.events import person_read_record
from pcmt.persons.models import Person


def _log(person_id: int, user: Any, channel: str) -> None:
    if user is not None and channel:
        person_read_record(person=person_id, user=user, channel=channel)


def document_record_get(
    *, scope: Scope, kind: str, pk: object, user: Any = None, channel: str = ""
) -> tuple[DocumentType, Any]:
    """The document type and its record within the scope, or NotFound; the read is logged."""
    found = document_type(kind)
    if found is None or not scope.can_read_persons:
        raise NotFound()
    record = found.load(scope, pk)
    _log(record.person_id, user, channel)
    return found, record


@dataclass(frozen=True)
class AvailableDocument:
    kind: str
    title: Any
    pk: int
    label: str


def person_documents(person: Person) -> list[AvailableDocument]:
    """The documents that can be generated now from the person's records (caller checked)."""
    found: list[AvailableDocument] = []
    for registered in registered_documents():
        if registered.candidates is None:
            continue
        for pk, label in registered.candidates(person):
            found.append(AvailableDocument(registered.kind, registered.title, pk, label))
    return found


def attachments_visible(scope: Scope) -> QuerySet[Attachment]:
    if not scope.can_read_persons:
        return Attachment.objects.none()
    return Attachment.objects.filter(scope.person_q("person__"))


def attachment_get(*, scope: Scope, pk: object, user: Any = None, channel: str = "") -> Attachment:
    """One scan within the scope (removed ones too), or NotFound; the read is logged."""
    try:
        attachment = (
            attachments_visible(scope)
            .select_related("person__managing_commune", "episode_type")
            .get(pk=int(str(pk)))
        )
    except (Attachment.DoesNotExist, ValueError) as exc:
        raise NotFound() from exc
    _log(attachment.person_id, user, channel)
    return attachment


def person_attachments(person_id: int, *, include_removed: bool = True) -> list[Attachment]:
    """The person's scans, newest first, with their episodes' labels (caller checked access)."""
    rows = Attachment.objects.filter(person_id=person_id).select_related(
        "episode_type", "uploaded_by", "removed_by"
    )
    if not include_removed:
        rows = rows.filter(removed_at__isnull=True)
    return list(rows)


def episode_label(model_label: str, episode: Any) -> str:
    registered = attachable(model_label)
    name = registered.model._meta.verbose_name if registered else model_label
    return f"{str(name).capitalize()}: {episode}"


def episode_choices(person_id: int) -> list[tuple[str, str]]:
    """ "app.model:pk" and a label for each of the person's episodes that scans may attach to."""
    choices: list[tuple[str, str]] = []
    for registered in attachables():
        for episode in registered.of_person(person_id):
            choices.append(
                (f"{registered.label}:{episode.pk}", episode_label(registered.label, episode))
            )
    return choices


def episode_labels(attachments: list[Attachment]) -> dict[int, str]:
    """The label of each scan's episode, one query per episode model."""
    wanted: dict[str, set[int]] = {}
    for attachment in attachments:
        label = f"{attachment.episode_type.app_label}.{attachment.episode_type.model}"
        wanted.setdefault(label, set()).add(attachment.episode_id)
    labels: dict[tuple[str, int], str] = {}
    for label, ids in wanted.items():
        registered = attachable(label)
        if registered is None:
            continue
        for episode in registered.model._default_manager.filter(pk__in=ids):
            labels[(label, episode.pk)] = episode_label(label, episode)
    return {
        a.pk: labels.get((f"{a.episode_type.app_label}.{a.episode_type.model}", a.episode_id), "—")
        for a in attachments
    }
