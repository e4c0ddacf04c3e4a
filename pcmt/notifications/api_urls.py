"""API routes of this app, included under /api/v1/."""

from django.urls import path

from pcmt.notifications import api

urlpatterns = [
    path("notifications/", api.NotificationListView.as_view(), name="api_notification_list"),
    path(
        "notifications/<int:notification_pk>/read/",
        api.NotificationReadView.as_view(),
        name="api_notification_read",
    ),
    path(
        "notifications/read-all/",
        api.NotificationReadAllView.as_view(),
        name="api_notification_read_all",
    ),
]
