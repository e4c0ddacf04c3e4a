"""API routes of this app, included under /api/v1/."""

from django.urls import URLPattern, path

from pcmt.lifecycle.views import api_urls
from pcmt.residence import api
from pcmt.residence.lifecycles import LIFECYCLES

urlpatterns: list[URLPattern] = [
    path("moves/", api.MoveListView.as_view(), name="api_move_list"),
    path("moves/lookup/", api.MoveLookupView.as_view(), name="api_move_lookup"),
    path("moves/arrivals/", api.MoveArrivalView.as_view(), name="api_move_arrival"),
    path("moves/<int:move_pk>/", api.MoveDetailView.as_view(), name="api_move_detail"),
    *api_urls(*LIFECYCLES),
]
