"""API routes of this app, included under /api/v1/."""

from django.urls import path

from pcmt.census import api

urlpatterns = [
    path("rounds/", api.RoundListView.as_view(), name="api_round_list"),
    path("rounds/<int:round_pk>/", api.RoundDetailView.as_view(), name="api_round_detail"),
    path(
        "rounds/<int:round_pk>/agencies/<int:participant_pk>/review/",
        api.RoundReviewView.as_view(),
        name="api_round_review",
    ),
    path(
        "rounds/<int:round_pk>/submissions/",
        api.SubmissionListView.as_view(),
        name="api_submission_list",
    ),
    path(
        "rounds/<int:round_pk>/extract/",
        api.RegistryExtractView.as_view(),
        name="api_registry_extract",
    ),
    path(
        "submissions/<int:submission_pk>/",
        api.SubmissionDetailView.as_view(),
        name="api_submission_detail",
    ),
    path(
        "submissions/<int:submission_pk>/rows/",
        api.SubmissionRowsView.as_view(),
        name="api_submission_rows",
    ),
    path(
        "submissions/<int:submission_pk>/report/",
        api.SubmissionReportView.as_view(),
        name="api_submission_report",
    ),
]
