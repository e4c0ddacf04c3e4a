"""Pages of this app."""

from django.urls import URLPattern, path

from pcmt.residence import views

urlpatterns: list[URLPattern] = [
    path("moves/", views.move_list, name="move_list"),
    path("moves/lookup/", views.move_lookup, name="move_lookup"),
    path("moves/arrivals/", views.move_arrival_add, name="move_arrival_add"),
    path("persons/<int:pk>/moves/", views.move_add, name="move_add"),
    path("moves/<int:move_pk>/notify/", views.move_notify, name="move_notify"),
    path("moves/<int:move_pk>/accept/", views.move_accept, name="move_accept"),
    path("moves/<int:move_pk>/cancel/", views.move_cancel, name="move_cancel"),
    path("moves/<int:move_pk>/refuse/", views.move_refuse, name="move_refuse"),
]
