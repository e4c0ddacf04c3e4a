from django.urls import path

from pcmt.lifecycle.views import page_urls
from pcmt.places import views
from pcmt.places.lifecycles import HOTSPOT

urlpatterns = [
    path("hotspots/", views.hotspot_list, name="hotspot_list"),
    path("hotspots/counts/", views.hotspot_counts, name="hotspot_counts"),
    path("hotspots/new/", views.hotspot_create, name="hotspot_create"),
    path("hotspots/<int:hotspot_pk>/", views.hotspot_detail, name="hotspot_detail"),
    *page_urls(HOTSPOT),
]
