"""Pages of this app."""

from django.urls import path

from pcmt.reconcile import views

urlpatterns = [
    path("rounds/<int:round_pk>/reconcile/", views.reconcile_round, name="reconcile_round"),
    path("rounds/<int:round_pk>/reconcile/link/", views.reconcile_start, name="reconcile_start"),
    path(
        "rounds/<int:round_pk>/reconcile/review/", views.reconcile_review, name="reconcile_review"
    ),
    path(
        "rounds/<int:round_pk>/reconcile/decide/", views.reconcile_decide, name="reconcile_decide"
    ),
    path(
        "rounds/<int:round_pk>/reconcile/decisions/<int:decision_pk>/undo/",
        views.reconcile_undo,
        name="reconcile_undo",
    ),
    path(
        "rounds/<int:round_pk>/reconcile/results/",
        views.reconcile_results,
        name="reconcile_results",
    ),
    path(
        "rounds/<int:round_pk>/reconcile/results.xlsx",
        views.reconcile_export,
        name="reconcile_export",
    ),
    path(
        "rounds/<int:round_pk>/reconcile/register/",
        views.reconcile_register,
        name="reconcile_register",
    ),
]
