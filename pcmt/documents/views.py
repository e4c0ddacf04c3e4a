"""Pages: generated documents and scans, each served only through the jurisdiction check."""

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pcmt.accounts.scope import scope_for
from pcmt.audit.models import Purpose
from pcmt.audit.reads import reads_purpose
from pcmt.core.errors import DomainError
from pcmt.core.views import not_found_as_404
from pcmt.documents import selectors, services, storage
from pcmt.documents.forms import AttachmentForm, AttachmentRemoveForm
from pcmt.documents.models import Attachment
from pcmt.documents.record import record_pdf
from pcmt.persons.models import AccessChannel
from pcmt.persons.selectors import person_get


def _private(response: HttpResponseBase) -> HttpResponseBase:
    """Downloads are never cached, sniffed or shown inline."""
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _section(person_id: int) -> str:
    return reverse("person_detail", kwargs={"pk": person_id}) + "#documents"


def _document(
    request: HttpRequest, document_kind: str, record_pk: int, file_format: str
) -> HttpResponseBase:
    scope = scope_for(request.user)
    document_type, record = selectors.document_record_get(
        scope=scope, kind=document_kind, pk=record_pk, user=request.user, channel=AccessChannel.WEB
    )
    try:
        issued = services.document_issue(
            actor=request.user, document_type=document_type, record=record, file_format=file_format
        )
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect(_section(record.person_id))
    response = HttpResponse(issued.content, content_type=issued.content_type)
    response["Content-Disposition"] = f'attachment; filename="{issued.filename}"'
    return _private(response)


@login_required
@require_GET
@not_found_as_404
def document_pdf(request: HttpRequest, document_kind: str, record_pk: int) -> HttpResponseBase:
    """The official document of a record, as PDF."""
    return _document(request, document_kind, record_pk, "pdf")


@login_required
@require_GET
@not_found_as_404
def document_docx(request: HttpRequest, document_kind: str, record_pk: int) -> HttpResponseBase:
    """The official document of a record, as DOCX to edit before signing."""
    return _document(request, document_kind, record_pk, "docx")


@login_required
@require_GET
@not_found_as_404
def person_record_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The person's management record with its timeline, to print (recorded as an export)."""
    person = person_get(
        scope=scope_for(request.user), pk=pk, user=request.user, channel=AccessChannel.WEB
    )
    reads_purpose(Purpose.EXPORT, "person_record_pdf")
    filename, content = record_pdf(person)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _private(response)


def download_name(attachment: Attachment) -> str:
    """The uploaded name with the extension of what the file really is."""
    stem = PurePath(attachment.original_name).stem or "scan"
    return f"{stem}.{storage.EXTENSIONS[attachment.content_type]}"  # type: ignore[index]


def scan_response(attachment: Attachment) -> HttpResponseBase:
    """The scan's file, as a download; removed scans are no longer served."""
    if attachment.is_removed:
        raise Http404
    try:
        handle = storage.open_scan(attachment.storage_name)
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(attachment),
        content_type=attachment.content_type,
    )
    return _private(response)


@login_required
@require_GET
@not_found_as_404
def attachment_download(request: HttpRequest, attachment_pk: int) -> HttpResponseBase:
    """A scan, for whoever reaches the person; the read is logged."""
    attachment = selectors.attachment_get(
        scope=scope_for(request.user),
        pk=attachment_pk,
        user=request.user,
        channel=AccessChannel.WEB,
    )
    return scan_response(attachment)


@login_required
@require_POST
@not_found_as_404
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a scan to one of the person's episodes."""
    scope = scope_for(request.user)
    person = person_get(scope=scope, pk=pk)
    if not scope.can_write_persons:
        raise Http404
    form = AttachmentForm(request.POST, request.FILES, person_id=person.pk)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect(_section(person.pk))
    episode_type, episode_id = form.episode_key()
    try:
        services.attachment_add(
            actor=request.user,
            person=person,
            episode_type=episode_type,
            episode_id=episode_id,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The scan has been attached."))
    return redirect(_section(person.pk))


@login_required
@require_POST
@not_found_as_404
def attachment_remove(request: HttpRequest, attachment_pk: int) -> HttpResponse:
    """Remove a scan from the record; the file is kept."""
    scope = scope_for(request.user)
    attachment = selectors.attachment_get(scope=scope, pk=attachment_pk)
    if not scope.can_write_persons:
        raise Http404
    form = AttachmentRemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for removing the scan."))
        return redirect(_section(attachment.person_id))
    try:
        services.attachment_remove(
            actor=request.user, attachment=attachment, reason=form.cleaned_data["reason"]
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The scan has been removed."))
    return redirect(_section(attachment.person_id))
