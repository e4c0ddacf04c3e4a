"""API routes of this app, included under /api/v1/."""

from django.urls import path

from pcmt.documents import api

urlpatterns = [
    path(
        "persons/<int:pk>/documents/",
        api.PersonDocumentListView.as_view(),
        name="api_person_documents",
    ),
    path(
        "documents/<str:document_kind>/<int:record_pk>.pdf",
        api.DocumentPdfView.as_view(),
        name="api_document_pdf",
    ),
    path(
        "documents/<str:document_kind>/<int:record_pk>.docx",
        api.DocumentDocxView.as_view(),
        name="api_document_docx",
    ),
    path(
        "persons/<int:pk>/attachments/",
        api.PersonAttachmentListView.as_view(),
        name="api_person_attachments",
    ),
    path(
        "persons/<int:pk>/attachments/upload/",
        api.AttachmentUploadView.as_view(),
        name="api_attachment_upload",
    ),
    path(
        "attachments/<int:attachment_pk>/",
        api.AttachmentDetailView.as_view(),
        name="api_attachment_detail",
    ),
    path(
        "attachments/<int:attachment_pk>/file/",
        api.AttachmentFileView.as_view(),
        name="api_attachment_file",
    ),
    path(
        "attachments/<int:attachment_pk>/remove/",
        api.AttachmentRemoveView.as_view(),
        name="api_attachment_remove",
    ),
]
