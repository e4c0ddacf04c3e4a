"""The background job that reads and checks an uploaded list."""

from typing import Any

from pcmt.census import services
from pcmt.census.models import IMPORT_JOB_KIND
from pcmt.jobs.models import Job
from pcmt.jobs.services import Report, job_handler


@job_handler(IMPORT_JOB_KIND)
def census_import(job: Job, report: Report) -> dict[str, Any]:
    return services.submission_import_run(job=job, report=report)
