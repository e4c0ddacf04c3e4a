from django.urls import path

from pcmt.plans import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/export.xlsx", views.dashboard_export, name="dashboard_export"),
    path("dashboard/records/", views.drill, name="dashboard_drill"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/gaps/", views.gaps, name="plan_gaps"),
    path("plans/causes/", views.causes, name="plan_causes"),
    path("plans/causes/export.xlsx", views.causes_export, name="plan_causes_export"),
    path("plans/causes/persons/<int:pk>/", views.cause_edit, name="plan_cause_edit"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/indicators/", views.indicator_library, name="indicator_library"),
    path("plans/<int:plan_pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:plan_pk>/copy/", views.plan_copy, name="plan_copy"),
    path("plans/<int:plan_pk>/targets/", views.target_add, name="plan_target_add"),
    path(
        "plans/<int:plan_pk>/targets/<int:target_pk>/remove/",
        views.target_remove,
        name="plan_target_remove",
    ),
    path("plans/<int:plan_pk>/tasks/", views.task_add, name="plan_task_add"),
    path("plans/tasks/<int:task_pk>/progress/", views.task_progress, name="plan_task_progress"),
]
