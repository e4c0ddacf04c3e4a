from django.urls import path

from pcmt.outreach import views

urlpatterns = [
    path("outreach/", views.outreach_list, name="outreach_list"),
    path("outreach/export.xlsx", views.outreach_export, name="outreach_export"),
    path("outreach/new/", views.outreach_create, name="outreach_create"),
    path("outreach/targets/import/", views.outreach_import, name="outreach_import"),
    path(
        "outreach/targets/template.xlsx",
        views.outreach_import_template,
        name="outreach_import_template",
    ),
    path("outreach/<int:activity_pk>/", views.outreach_detail, name="outreach_detail"),
]
