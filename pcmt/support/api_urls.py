"""API routes of this app, included under /api/v1/."""

from django.urls import path

from pcmt.lifecycle.views import api_urls
from pcmt.support import api
from pcmt.support.lifecycles import LIFECYCLES

urlpatterns = [
    path("persons/<int:pk>/support/", api.PersonSupportView.as_view(), name="api_person_support"),
    *api_urls(*LIFECYCLES),
    path(
        "indicators/services/",
        api.ServicesReachedView.as_view(),
        name="api_indicator_services",
    ),
]
