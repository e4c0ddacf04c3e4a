"""Pages of this app."""

from django.urls import path

from pcmt.rules import views

urlpatterns = [
    path("calendar/", views.calendar_year_list, name="calendar_year_list"),
    path("calendar/<int:year>/", views.calendar_year_edit, name="calendar_year_edit"),
]
