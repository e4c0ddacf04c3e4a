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
    path("outreach/<int:activity_pk>/edit/", views.outreach_edit, name="outreach_edit"),
    path("outreach/targets/", views.outreach_targets, name="outreach_targets"),
    path("outreach/schools/new/", views.school_create, name="school_create"),
    path("outreach/schools/<int:school_pk>/edit/", views.school_edit, name="school_edit"),
    path("outreach/zones/new/", views.industrial_zone_create, name="industrial_zone_create"),
    path(
        "outreach/zones/<int:zone_pk>/edit/",
        views.industrial_zone_edit,
        name="industrial_zone_edit",
    ),
]
