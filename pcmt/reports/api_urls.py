"""API routes of this app, included under /api/v1/."""

from django.urls import path

from pcmt.lifecycle.views import api_urls
from pcmt.reports import api
from pcmt.reports.lifecycles import REPORT

urlpatterns = [
    path("reports/", api.ReportListView.as_view(), name="api_report_list"),
    path("reports/<int:report_pk>/", api.ReportDetailView.as_view(), name="api_report_detail"),
    *api_urls(REPORT),
]
