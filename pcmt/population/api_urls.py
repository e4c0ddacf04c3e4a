"""API routes of this app, included under /api/v1/."""

from django.urls import path

from pcmt.population import api

urlpatterns = [
    path("population/", api.FigureListView.as_view(), name="api_population_list"),
    path(
        "population/<int:figure_pk>/",
        api.FigureDetailView.as_view(),
        name="api_population_detail",
    ),
]
