from django.urls import path

from pcmt.outreach import api

urlpatterns = [
    path("outreach/", api.ActivityListView.as_view(), name="api_outreach_list"),
    path(
        "outreach/<int:activity_pk>/", api.ActivityDetailView.as_view(), name="api_outreach_detail"
    ),
]
