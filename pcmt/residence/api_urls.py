"""API routes of this app, included under /api/v1/."""

from django.urls import URLPattern, path

from pcmt.residence import api

urlpatterns: list[URLPattern] = [
    path("moves/", api.MoveListView.as_view(), name="api_move_list"),
    path("moves/lookup/", api.MoveLookupView.as_view(), name="api_move_lookup"),
    path("moves/arrivals/", api.MoveArrivalView.as_view(), name="api_move_arrival"),
    path("moves/<int:move_pk>/", api.MoveDetailView.as_view(), name="api_move_detail"),
    path("persons/<int:pk>/moves/", api.MoveRecordView.as_view(), name="api_move_record"),
    path("moves/<int:move_pk>/notify/", api.MoveNotifyView.as_view(), name="api_move_notify"),
    path("moves/<int:move_pk>/accept/", api.MoveAcceptView.as_view(), name="api_move_accept"),
    path("moves/<int:move_pk>/cancel/", api.MoveCancelView.as_view(), name="api_move_cancel"),
    path("moves/<int:move_pk>/refuse/", api.MoveRefuseView.as_view(), name="api_move_refuse"),
]
