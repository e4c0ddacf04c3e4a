"""API routes of this app, included under /api/v1/."""

from django.urls import path

from pcmt.support import api

urlpatterns = [
    path("persons/<int:pk>/support/", api.PersonSupportView.as_view(), name="api_person_support"),
    path("persons/<int:pk>/services/", api.ServiceListView.as_view(), name="api_service_list"),
    path(
        "persons/<int:pk>/prison-releases/",
        api.ReleaseListView.as_view(),
        name="api_release_list",
    ),
    path(
        "prison-releases/<int:release_pk>/contact/",
        api.ReleaseContactView.as_view(),
        name="api_release_contact",
    ),
    path("persons/<int:pk>/summonses/", api.SummonsListView.as_view(), name="api_summons_list"),
    path(
        "summonses/<int:summons_pk>/attendance/",
        api.SummonsAttendanceView.as_view(),
        name="api_summons_attendance",
    ),
    path("persons/<int:pk>/check-ins/", api.CheckInListView.as_view(), name="api_check_in_list"),
    path(
        "indicators/services/",
        api.ServicesReachedView.as_view(),
        name="api_indicator_services",
    ),
]
