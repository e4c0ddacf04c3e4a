from django.urls import path

from pcmt.jobs import views

urlpatterns = [path("jobs/<int:job_pk>/", views.job_detail, name="job_detail")]
