"""Pages of this app."""

from django.urls import path

from pcmt.documents import views

urlpatterns = [
    path(
        "documents/<str:document_kind>/<int:record_pk>.pdf",
        views.document_pdf,
        name="document_pdf",
    ),
    path(
        "documents/<str:document_kind>/<int:record_pk>.docx",
        views.document_docx,
        name="document_docx",
    ),
    path("persons/<int:pk>/record.pdf", views.person_record_pdf, name="person_record_pdf"),
    path("persons/<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path(
        "attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        "attachments/<int:attachment_pk>/remove/",
        views.attachment_remove,
        name="attachment_remove",
    ),
]
