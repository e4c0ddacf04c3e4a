from django.urls import path

from pcmt.population import views

urlpatterns = [
    path("population/", views.population_list, name="population_list"),
    path("population/new/", views.population_add, name="population_add"),
    path("population/import/", views.population_import, name="population_import"),
    path("population/template.xlsx", views.population_template, name="population_template"),
]
