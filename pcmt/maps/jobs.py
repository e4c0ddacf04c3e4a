"""The background jobs of the map: the emerging analysis, and Gi* over many hexagons."""

from typing import Any

from django.utils.translation import gettext as _

from pcmt.core.errors import DomainError
from pcmt.jobs.models import Job
from pcmt.jobs.services import Report, job_handler
from pcmt.maps import answers, selectors
from pcmt.maps.layers import MapAccess
from pcmt.maps.services import JOB_EMERGING, JOB_HEXAGONS


def _access(job: Job) -> MapAccess:
    """The creator's access now, in the jurisdiction he launched the job in."""
    access = selectors.map_access(job.created_by)
    if selectors.scope_key(access.scope) != job.params.get("scope"):
        raise DomainError(
            "map_job_scope", _("Your jurisdiction changed since the analysis was started.")
        )
    return access


@job_handler(JOB_EMERGING)
def map_emerging(job: Job, report: Report) -> dict[str, Any]:
    access = _access(job)
    measure = selectors.measure_get(access, job.params["measure"])
    steps = [selectors.period_from_json(p) for p in job.params["steps"]]

    def progress(done: int, total: int) -> None:
        # The steps are read first, then analysed.
        if done < len(steps):
            text = _("Reading time step %(n)d of %(total)d") % {"n": done + 1, "total": len(steps)}
        else:
            step = min(done - len(steps) + 1, len(steps))
            text = _("Gi* of time step %(n)d of %(total)d") % {"n": step, "total": len(steps)}
        report(done, total, text)

    result = selectors.emerging_analysis(access, measure=measure, steps=steps, progress=progress)
    return answers.emerging_answer(access, measure=measure, steps=steps, result=result)


@job_handler(JOB_HEXAGONS)
def map_hexagons(job: Job, report: Report) -> dict[str, Any]:
    access = _access(job)
    period = selectors.period_from_json(job.params["period"])
    points = job.params["points"]

    def progress(done: int, total: int) -> None:
        report(
            done,
            total,
            _("%(done)d of %(total)d hexagons analysed") % {"done": done, "total": total},
        )

    hexes = selectors.hexagon_analysis(access, period=period, points=points, progress=progress)
    # The outlines are drawn again when the result is read (H3 computes them).
    return answers.hexagons_answer(period=period, points=points, hexes=hexes, outlines=False)
