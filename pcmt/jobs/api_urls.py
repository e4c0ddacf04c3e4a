from django.urls import path

from pcmt.jobs import views

urlpatterns = [path("jobs/<int:job_pk>/", views.JobDetailView.as_view(), name="api_job_detail")]
