"""Pages of this app."""

from django.urls import URLPattern, path

from pcmt.lifecycle.views import page_urls
from pcmt.residence import views
from pcmt.residence.lifecycles import LIFECYCLES

urlpatterns: list[URLPattern] = [
    path("moves/", views.move_list, name="move_list"),
    path("moves/export.xlsx", views.move_export, name="move_export"),
    path("moves/lookup/", views.move_lookup, name="move_lookup"),
    path("moves/arrivals/", views.move_arrival_add, name="move_arrival_add"),
    *page_urls(*LIFECYCLES),
]
