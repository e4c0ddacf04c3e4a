"""A job's progress: a page, and a fragment htmx polls until the job ends."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pcmt.core.views import is_htmx, not_found_as_404
from pcmt.jobs.models import Job
from pcmt.jobs.selectors import job_get


@login_required
@require_GET
@not_found_as_404
def job_detail(request: HttpRequest, job_pk: int) -> HttpResponse:
    job = job_get(user=request.user, pk=job_pk)
    template = "jobs/_progress.html" if is_htmx(request) else "jobs/job_detail.html"
    return render(request, template, {"job": job})


class JobSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "status",
            "done",
            "total",
            "percent",
            "message",
            "result",
            "created_at",
            "started_at",
            "finished_at",
        ]


class JobDetailView(APIView):
    """A background job's status and progress."""

    @extend_schema(responses=JobSerializer)
    def get(self, request: Request, job_pk: int) -> Response:
        return Response(JobSerializer(job_get(user=request.user, pk=job_pk)).data)
