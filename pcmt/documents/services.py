"""Writes of the documents app: issuing a generated document, attaching and removing scans."""

import os
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pcmt.casework.guards import check_write, illegal, locked, record_event
from pcmt.core.errors import DomainError
from pcmt.documents import storage
from pcmt.documents.models import Attachment, AttachmentKind
from pcmt.documents.registry import DocumentType, attachable
from pcmt.documents.render_docx import render_docx
from pcmt.documents.render_pdf import render_pdf
from pcmt.persons.models import EventAction, Person

FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True)
class IssuedDocument:
    filename: str
    content: bytes
    content_type: str


@transaction.atomic
def document_issue(
    *, actor: Any, document_type: DocumentType, record: Any, file_format: str
) -> IssuedDocument:
    """Generate the document of a record in PDF or DOCX; the person's log says who did."""
    if file_format not in FORMATS:
        raise DomainError("format_unknown", _("Documents are generated as PDF or DOCX."))
    document = document_type.builder(record)
    render = render_pdf if file_format == "pdf" else render_docx
    content = render(document)
    record_event(
        record.person,
        actor,
        EventAction.DOCUMENT_ISSUED,
        {
            "document": [None, document_type.kind],
            "format": [None, file_format],
            "record": [None, record.pk],
        },
        note=f"{document.title} {document.subject}".strip(),
    )
    return IssuedDocument(f"{document.filename}.{file_format}", content, FORMATS[file_format])


def _clean_name(name: str) -> str:
    """The uploaded name without folders or control characters, for display only."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if ch.isprintable())
    return base.strip()[:200] or "scan"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


def _too_large() -> DomainError:
    return DomainError(
        "file_too_large",
        _("The file is larger than %(limit)s MB, the most PCMT accepts for a scan.")
        % {"limit": _megabytes(storage.max_bytes())},
        "file",
    )


@transaction.atomic
def attachment_add(
    *,
    actor: Any,
    person: Person,
    episode_type: str,
    episode_id: int,
    kind: str,
    upload: UploadedFile | None,
) -> Attachment:
    """Attach a scan (PDF, JPEG or PNG, by its content) to one of the person's episodes."""
    check_write(actor, person)
    model = attachable(episode_type)
    episode = model.of_person(person.pk).filter(pk=episode_id).first() if model else None
    if model is None or episode is None:
        raise DomainError(
            "episode_not_found", _("Choose one of this person's episodes."), "episode"
        )
    if kind not in AttachmentKind.values:
        raise DomainError("kind_required", _("Choose the kind of scan."), "kind")
    if upload is None or not upload.size:
        raise DomainError("file_required", _("Choose the file to upload."), "file")
    if upload.size > storage.max_bytes():
        raise _too_large()
    upload.seek(0)
    content_type = storage.scan_type(upload.read(16))
    if content_type is None:
        raise DomainError(
            "file_type_not_allowed",
            _(
                "Only PDF, JPEG and PNG scans are accepted. PCMT checks what the file "
                "contains, not its name, and this file is none of them."
            ),
            "file",
        )
    try:
        stored = storage.store(upload, storage.max_bytes())
    except storage.TooLarge:
        raise _too_large() from None
    try:
        attachment = Attachment.objects.create(
            person=person,
            episode_type=_content_type(model.model),
            episode_id=episode.pk,
            kind=kind,
            original_name=_clean_name(upload.name or ""),
            size=stored.size,
            sha256=stored.sha256,
            content_type=content_type,
            storage_name=stored.name,
            uploaded_by=actor,
        )
        record_event(
            person,
            actor,
            EventAction.ATTACHMENT_ADDED,
            {
                "attachment": [None, attachment.original_name],
                "kind": [None, kind],
                "episode": [None, f"{model.label}:{episode.pk}"],
            },
        )
    except BaseException:
        storage.discard(stored.name)
        raise
    return attachment


def _content_type(model: Any) -> Any:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model)


@transaction.atomic
def attachment_remove(*, actor: Any, attachment: Attachment, reason: str) -> Attachment:
    """Hide a scan from the record; the file and the row stay, with who removed it and why."""
    attachment = locked(
        Attachment.objects.select_related("person__managing_commune"), attachment.pk
    )
    check_write(actor, attachment.person)
    if attachment.is_removed:
        raise illegal(_("This scan has already been removed."))
    reason = reason.strip()
    if not reason:
        raise DomainError("reason_required", _("Give the reason for removing the scan."), "reason")
    attachment.removed_at = timezone.now()
    attachment.removed_by = actor
    attachment.removed_reason = reason[:300]
    attachment.save(update_fields=["removed_at", "removed_by", "removed_reason"])
    record_event(
        attachment.person,
        actor,
        EventAction.ATTACHMENT_REMOVED,
        {"attachment": [attachment.original_name, None]},
        note=reason,
    )
    return attachment
