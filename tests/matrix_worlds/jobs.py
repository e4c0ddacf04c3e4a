"""Jobs are watched by their creator and the readers of their province, not by person."""

from pcmt.jobs.services import job_handler, job_start


@job_handler("matrix_noop")
def _noop(job, report):
    return {}


def build(context):
    officer = context["officer"]
    job = job_start(
        actor=officer, kind="matrix_noop", params={}, province=context["commune"].parent
    )
    return {"job_pk": job.pk}
