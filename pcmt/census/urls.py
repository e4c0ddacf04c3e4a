"""Pages of this app."""

from django.urls import path

from pcmt.census import views

urlpatterns = [
    path("rounds/", views.round_list, name="round_list"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/template.xlsx", views.census_template, name="census_template"),
    path("rounds/<int:round_pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:round_pk>/upload/", views.round_upload, name="round_upload"),
    path("rounds/<int:round_pk>/upload/mapping/", views.round_upload_map, name="round_upload_map"),
    path("rounds/<int:round_pk>/extract/", views.round_extract, name="round_extract"),
    path("rounds/<int:round_pk>/close/", views.round_finish, name="round_close"),
    path(
        "rounds/<int:round_pk>/agencies/<int:participant_pk>/review/",
        views.round_review,
        name="round_review",
    ),
    path("lists/<int:submission_pk>/", views.submission_detail, name="submission_detail"),
    path(
        "lists/<int:submission_pk>/report.xlsx", views.submission_report, name="submission_report"
    ),
]
