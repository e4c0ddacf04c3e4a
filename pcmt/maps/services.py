"""Writes of the map: starting a long analysis as a background job.

A map job runs with its creator's access at the time it runs, and its result is visible only
within the jurisdiction that launched it (`selectors.map_job_get`); it is not attached to a
province, so the generic job routes show it to its creator alone.
"""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pcmt.core.errors import DomainError, NotFound
from pcmt.jobs.models import Job
from pcmt.jobs.services import job_start
from pcmt.maps import selectors
from pcmt.maps.answers import period_json
from pcmt.maps.periods import period_parse

JOB_EMERGING = "map_emerging"
JOB_HEXAGONS = "map_hexagons"
ANALYSES = {"emerging": JOB_EMERGING, "hexagons": JOB_HEXAGONS}


def map_job_start(*, actor: Any, params: dict[str, str]) -> Job:
    """Check the analysis asked for (`analysis` emerging or hexagons, with its measure, steps or
    points and period) as the synchronous API would, then queue it."""
    access = selectors.map_access(actor)
    if not access.scope.can_read_aggregates:
        raise NotFound()
    today = timezone.localdate()
    kind = ANALYSES.get(params.get("analysis", ""))
    stored: dict[str, Any] = {
        "analysis": params.get("analysis"),
        "scope": selectors.scope_key(access.scope),
    }
    if kind == JOB_EMERGING:
        measure = selectors.measure_get(access, params.get("measure") or "persons")
        steps = selectors.emerging_steps(params, today=today)
        stored |= {"measure": measure.key, "steps": [period_json(p) for p in steps]}
    elif kind == JOB_HEXAGONS:
        period = period_parse(params, today=today)
        points = params.get("points") or "incidents"
        selectors.hexagon_points(access, period=period, points=points)  # who may, which points
        stored |= {"points": points, "period": period_json(period)}
    else:
        raise DomainError(
            "map_job_analysis", _("Choose the emerging or the hexagon analysis."), "analysis"
        )
    return job_start(actor=actor, kind=kind, params=stored)
