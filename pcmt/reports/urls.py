from django.urls import path

from pcmt.lifecycle.views import page_urls
from pcmt.reports import views
from pcmt.reports.lifecycles import REPORT

urlpatterns = [
    path("reports/", views.report_list, name="report_list"),
    path("reports/national/", views.report_national, name="report_national"),
    path("reports/deadlines/", views.report_deadlines_card, name="report_deadlines"),
    path("reports/<int:report_pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:report_pk>/compare/", views.report_compare, name="report_compare"),
    path("reports/<int:report_pk>/xlsx/", views.report_xlsx, name="report_xlsx"),
    path("reports/<int:report_pk>/pdf/", views.report_pdf, name="report_pdf"),
    *page_urls(REPORT),
]
