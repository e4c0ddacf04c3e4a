"""API routes of this app, included under /api/v1/."""

from django.urls import path

from pcmt.reconcile import api

urlpatterns = [
    path("rounds/<int:round_pk>/reconcile/", api.RunView.as_view(), name="api_reconcile_run"),
    path(
        "rounds/<int:round_pk>/reconcile/candidates/",
        api.CandidateListView.as_view(),
        name="api_reconcile_candidates",
    ),
    path(
        "rounds/<int:round_pk>/reconcile/decisions/",
        api.DecisionListView.as_view(),
        name="api_reconcile_decisions",
    ),
    path(
        "rounds/<int:round_pk>/reconcile/decisions/<int:decision_pk>/undo/",
        api.DecisionUndoView.as_view(),
        name="api_reconcile_undo",
    ),
    path(
        "rounds/<int:round_pk>/reconcile/results/",
        api.ResultsView.as_view(),
        name="api_reconcile_results",
    ),
    path(
        "rounds/<int:round_pk>/reconcile/results.xlsx",
        api.ExportView.as_view(),
        name="api_reconcile_export",
    ),
    path(
        "rounds/<int:round_pk>/reconcile/register/",
        api.RegisterView.as_view(),
        name="api_reconcile_register",
    ),
]
