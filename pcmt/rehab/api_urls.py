"""API routes of this app, included under /api/v1/: reads, and the declared transitions."""

from django.urls import path

from pcmt.lifecycle.views import api_urls
from pcmt.rehab import api
from pcmt.rehab.lifecycles import LIFECYCLES

urlpatterns = [
    path("rehab/<int:rehab_pk>/", api.EpisodeDetailView.as_view(), name="api_rehab_detail"),
    path(
        "post-rehab/<int:post_rehab_pk>/",
        api.PostRehabDetailView.as_view(),
        name="api_post_rehab_detail",
    ),
    path(
        "monitoring/<int:monitoring_pk>/",
        api.MonitoringDetailView.as_view(),
        name="api_monitoring_detail",
    ),
    *api_urls(*LIFECYCLES, bases={"rehab_register": api.PersonRehabView}),
]
