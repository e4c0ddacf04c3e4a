"""API routes of the map, included under /api/v1/."""

from django.urls import path

from pcmt.maps import api

urlpatterns = [
    path("map/communes/", api.MapCommunesView.as_view(), name="api_map_communes"),
    path("map/values/", api.MapValuesView.as_view(), name="api_map_values"),
    path("map/analysis/", api.MapAnalysisView.as_view(), name="api_map_analysis"),
    path("map/markers/", api.MapMarkersView.as_view(), name="api_map_markers"),
    path("map/export/", api.MapExportView.as_view(), name="api_map_export"),
    path("map/heat/", api.MapHeatView.as_view(), name="api_map_heat"),
    path("map/emerging/", api.MapEmergingView.as_view(), name="api_map_emerging"),
    path("map/hexagons/", api.MapHexagonsView.as_view(), name="api_map_hexagons"),
    path("map/jobs/<int:map_job_pk>/", api.MapJobView.as_view(), name="api_map_job"),
]
