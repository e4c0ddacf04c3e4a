"""Pages of this app."""

from django.urls import path

from pcmt.notifications import views

urlpatterns = [
    path("notifications/", views.notification_list, name="notification_list"),
    path(
        "notifications/<int:notification_pk>/open/",
        views.notification_open,
        name="notification_open",
    ),
    path("notifications/read-all/", views.notification_read_all, name="notification_read_all"),
]
