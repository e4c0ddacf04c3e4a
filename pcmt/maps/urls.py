from django.urls import path

from pcmt.maps import views

urlpatterns = [
    path("map/", views.map_page, name="map"),
    path("map/communes/<str:code>/", views.map_commune, name="map_commune"),
    path("map/jobs/", views.map_job_start, name="map_job_start"),
    path("map/jobs/<int:map_job_pk>/", views.map_job, name="map_job"),
]
