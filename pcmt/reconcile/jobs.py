"""The background job that links a round's lists."""

from typing import Any

from pcmt.jobs.models import Job
from pcmt.jobs.services import Report, job_handler
from pcmt.reconcile import services
from pcmt.reconcile.models import LinkRun


@job_handler(services.JOB_KIND)
def round_link(job: Job, report: Report) -> dict[str, Any]:
    run = LinkRun.objects.select_related("round").get(pk=job.params["run_id"])
    return services.run_execute(run=run, report=report)
