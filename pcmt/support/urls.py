"""Pages of this app."""

from django.urls import path

from pcmt.support import views

urlpatterns = [
    path("persons/<int:pk>/services/", views.service_add, name="service_add"),
    path("persons/<int:pk>/prison-releases/", views.release_add, name="release_add"),
    path(
        "prison-releases/<int:release_pk>/contact/",
        views.release_contact,
        name="release_contact",
    ),
    path("persons/<int:pk>/summonses/", views.summons_add, name="summons_add"),
    path(
        "summonses/<int:summons_pk>/attendance/",
        views.summons_attendance,
        name="summons_attendance",
    ),
    path("persons/<int:pk>/check-ins/", views.check_in_add, name="check_in_add"),
    path("indicators/services/", views.indicator_services, name="indicator_services"),
]
