from typing import Any

from pcmt.accounts.scope import scope_for
from pcmt.core.errors import NotFound
from pcmt.jobs.models import Job


def job_get(*, user: Any, pk: object) -> Job:
    """A job its creator, or a reader of counts in its province, may watch."""
    try:
        job = Job.objects.get(pk=int(str(pk)))
    except (Job.DoesNotExist, ValueError) as exc:
        raise NotFound() from exc
    if job.created_by_id == user.pk:
        return job
    scope = scope_for(user)
    if (
        job.province_id is not None
        and scope.can_read_aggregates
        and scope.commune_id is None
        and scope.province_id == job.province_id
    ):
        return job
    raise NotFound()
