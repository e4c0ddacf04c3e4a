"""REST API of documents and scans: list, generate, upload (multipart), download, remove."""

from typing import Any

from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pcmt.accounts.scope import scope_for
from pcmt.core.errors import NotFound
from pcmt.documents import selectors, services
from pcmt.documents.models import Attachment, AttachmentKind
from pcmt.documents.views import scan_response
from pcmt.persons.models import AccessChannel
from pcmt.persons.selectors import person_get


class AvailableDocumentSerializer(serializers.Serializer):
    kind = serializers.CharField()
    document = serializers.CharField(source="title")
    record = serializers.IntegerField(source="pk")
    record_label = serializers.CharField(source="label")
    pdf = serializers.SerializerMethodField()
    docx = serializers.SerializerMethodField()

    def get_pdf(self, document: Any) -> str:
        return reverse("api_document_pdf", args=[document.kind, document.pk])

    def get_docx(self, document: Any) -> str:
        return reverse("api_document_docx", args=[document.kind, document.pk])


class AttachmentSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id")
    episode_type = serializers.SerializerMethodField()
    uploaded_by = serializers.CharField(source="uploaded_by.username")
    removed_by = serializers.CharField(source="removed_by.username", default=None)
    file = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = [
            "id",
            "person",
            "episode_type",
            "episode_id",
            "kind",
            "original_name",
            "size",
            "sha256",
            "content_type",
            "uploaded_by",
            "uploaded_at",
            "removed_at",
            "removed_by",
            "removed_reason",
            "file",
        ]

    def get_episode_type(self, attachment: Attachment) -> str:
        return f"{attachment.episode_type.app_label}.{attachment.episode_type.model}"

    def get_file(self, attachment: Attachment) -> str | None:
        if attachment.is_removed:
            return None
        return reverse("api_attachment_file", kwargs={"attachment_pk": attachment.pk})


class AttachmentUploadSerializer(serializers.Serializer):
    episode_type = serializers.CharField(
        max_length=100, help_text="app_label.model, e.g. casework.drugtest"
    )
    episode_id = serializers.IntegerField(min_value=1)
    kind = serializers.ChoiceField(choices=AttachmentKind.choices)
    file = serializers.FileField()


class RemoveSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class PersonDocumentListView(APIView):
    """The documents that can be generated now from a person's records."""

    @extend_schema(responses=AvailableDocumentSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        person = person_get(
            scope=scope_for(request.user), pk=pk, user=request.user, channel=AccessChannel.API
        )
        documents = selectors.person_documents(person)
        return Response(AvailableDocumentSerializer(documents, many=True).data)


def _document(request: Request, document_kind: str, record_pk: int, file_format: str) -> Any:
    document_type, record = selectors.document_record_get(
        scope=scope_for(request.user),
        kind=document_kind,
        pk=record_pk,
        user=request.user,
        channel=AccessChannel.API,
    )
    issued = services.document_issue(
        actor=request.user, document_type=document_type, record=record, file_format=file_format
    )
    response = HttpResponse(issued.content, content_type=issued.content_type)
    response["Content-Disposition"] = f'attachment; filename="{issued.filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


_FILE = {200: OpenApiResponse(OpenApiTypes.BINARY), 400: OpenApiResponse(description="not yet")}


class DocumentPdfView(APIView):
    """Generate a record's official document as PDF (400 when the record has none yet)."""

    @extend_schema(responses=_FILE)
    def get(self, request: Request, document_kind: str, record_pk: int) -> HttpResponseBase:
        return _document(request, document_kind, record_pk, "pdf")


class DocumentDocxView(APIView):
    """Generate a record's official document as DOCX, to edit before signing."""

    @extend_schema(responses=_FILE)
    def get(self, request: Request, document_kind: str, record_pk: int) -> HttpResponseBase:
        return _document(request, document_kind, record_pk, "docx")


class PersonAttachmentListView(APIView):
    """A person's scans, removed ones included (with who removed them and why)."""

    @extend_schema(responses=AttachmentSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        person = person_get(
            scope=scope_for(request.user), pk=pk, user=request.user, channel=AccessChannel.API
        )
        return Response(
            AttachmentSerializer(selectors.person_attachments(person.pk), many=True).data
        )


class AttachmentUploadView(APIView):
    """Attach a scan (multipart: episode_type, episode_id, kind, file) to one of the person's
    episodes. PDF, JPEG or PNG by content, at most PCMT_ATTACHMENT_MAX_BYTES."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={201: AttachmentSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        scope = scope_for(request.user)
        person = person_get(scope=scope, pk=pk)
        if not scope.can_write_persons:
            raise NotFound()
        data = AttachmentUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        attachment = services.attachment_add(
            actor=request.user,
            person=person,
            episode_type=data.validated_data["episode_type"],
            episode_id=data.validated_data["episode_id"],
            kind=data.validated_data["kind"],
            upload=data.validated_data["file"],
        )
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)


class AttachmentDetailView(APIView):
    """One scan's details."""

    @extend_schema(responses=AttachmentSerializer)
    def get(self, request: Request, attachment_pk: int) -> Response:
        attachment = selectors.attachment_get(
            scope=scope_for(request.user),
            pk=attachment_pk,
            user=request.user,
            channel=AccessChannel.API,
        )
        return Response(AttachmentSerializer(attachment).data)


class AttachmentFileView(APIView):
    """The scan's file, as a download (404 once removed)."""

    @extend_schema(responses={200: OpenApiResponse(OpenApiTypes.BINARY)})
    def get(self, request: Request, attachment_pk: int) -> HttpResponseBase:
        attachment = selectors.attachment_get(
            scope=scope_for(request.user),
            pk=attachment_pk,
            user=request.user,
            channel=AccessChannel.API,
        )
        return scan_response(attachment)


class AttachmentRemoveView(APIView):
    """Remove a scan from the record, with the reason; the file is kept."""

    @extend_schema(request=RemoveSerializer, responses=AttachmentSerializer)
    def post(self, request: Request, attachment_pk: int) -> Response:
        scope = scope_for(request.user)
        attachment = selectors.attachment_get(scope=scope, pk=attachment_pk)
        if not scope.can_write_persons:
            raise NotFound()
        data = RemoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        attachment = services.attachment_remove(
            actor=request.user, attachment=attachment, reason=data.validated_data["reason"]
        )
        return Response(AttachmentSerializer(attachment).data)
