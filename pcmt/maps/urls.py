from django.urls import path

from pcmt.maps import views

urlpatterns = [
    path("map/", views.map_page, name="map"),
    path("map/communes/<str:code>/", views.map_commune, name="map_commune"),
]
