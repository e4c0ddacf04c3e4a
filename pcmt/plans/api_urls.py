from django.urls import path

from pcmt.plans import api

urlpatterns = [
    path("indicators/", api.IndicatorListView.as_view(), name="api_indicator_list"),
    path(
        "indicators/<slug:indicator_key>/",
        api.IndicatorDetailView.as_view(),
        name="api_indicator_detail",
    ),
    path("plans/", api.PlanListView.as_view(), name="api_plan_list"),
    path("plans/dashboard/", api.DashboardView.as_view(), name="api_plan_dashboard"),
    path("plans/<int:plan_pk>/", api.PlanDetailView.as_view(), name="api_plan_detail"),
]
