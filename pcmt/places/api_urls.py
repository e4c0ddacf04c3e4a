"""API routes of this app, included under /api/v1/."""

from django.urls import path

from pcmt.lifecycle.views import api_urls
from pcmt.places import api
from pcmt.places.lifecycles import HOTSPOT

urlpatterns = [
    path("hotspots/", api.HotspotListView.as_view(), name="api_hotspot_list"),
    path("hotspots/counts/", api.HotspotCountsView.as_view(), name="api_hotspot_counts"),
    path("hotspots/<int:hotspot_pk>/", api.HotspotDetailView.as_view(), name="api_hotspot_detail"),
    *api_urls(HOTSPOT),
]
