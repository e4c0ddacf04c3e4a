"""Start a job, run it in the task worker, report its progress.

A job kind is a handler registered with `@job_handler("kind")`; it receives the job and a
`report(done, total, message)` callback, and returns a JSON-able result; a `DomainError` it
raises fails the job with the error's message and code, for the user to read. The task worker
(`manage.py db_worker`, started by `make run`) runs it; pages poll the job row, so a reload
loses nothing.
"""

import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pcmt.audit.origin import Channel, Origin, origin_context
from pcmt.core.errors import DomainError
from pcmt.jobs.models import Job, JobStatus

log = logging.getLogger(__name__)

Report = Callable[[int, int, str], None]
Handler = Callable[[Job, Report], dict[str, Any]]
_handlers: dict[str, Handler] = {}

# Progress rows are written at most this often, so a fast loop does not flood the database.
REPORT_EVERY_SECONDS = 0.5


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        _handlers[kind] = handler
        return handler

    return register


def job_start(*, actor: Any, kind: str, params: dict[str, Any], province: Any = None) -> Job:
    """Queue a job; the queue row is written in the same transaction as the job."""
    if kind not in _handlers:
        raise ValueError(f"no handler for job kind {kind!r}")
    with transaction.atomic():
        job = Job.objects.create(kind=kind, params=params, created_by=actor, province=province)
        queued = run_job.enqueue(job.pk)
        Job.objects.filter(pk=job.pk).update(task_id=str(queued.id)[:64])
    job.refresh_from_db()
    return job


@task()
def run_job(job_id: int) -> None:
    job = Job.objects.get(pk=job_id)
    if job.finished:
        return
    job.status = JobStatus.RUNNING
    job.started_at = timezone.now()
    job.save(update_fields=["status", "started_at"])
    last = 0.0
    progress = _Progress(job_id)

    def report(done: int, total: int, message: str = "") -> None:
        nonlocal last
        now = time.monotonic()
        if now - last < REPORT_EVERY_SECONDS and done < total:
            return
        last = now
        progress.write(done, total, message[:300])

    try:
        # Events the job writes say they came from a background task, and which one.
        with (
            origin_context(Origin(channel=Channel.TASK, request_id=f"job-{job_id}")),
            translation.override(settings.LANGUAGE_CODE),
        ):
            result = _handlers[job.kind](job, report)
    except DomainError as error:
        # Something the user can fix (a file past a limit, a bad list): he reads why.
        with translation.override(settings.LANGUAGE_CODE):
            message = str(error.message)
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            message=message[:300],
            result={"code": error.code},
        )
        return
    except Exception:
        log.exception("job %s failed", job_id)
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            message=_("The job failed; the administrators have the details in the log."),
        )
        return
    finally:
        progress.close()
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.DONE, finished_at=timezone.now(), result=result
    )


class _Progress:
    """Writes a job's progress where the pages see it at once.

    A handler may report from inside its own transaction (rows stored all or nothing): the
    progress then goes through a second connection, in autocommit. SQLite takes one writer at
    a time, so there the progress inside a transaction shows when it ends."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.side: Any = None
        # Transactions open when the job started (a test's own) do not count.
        self.depth = len(connection.atomic_blocks)

    def write(self, done: int, total: int, message: str) -> None:
        if len(connection.atomic_blocks) <= self.depth:
            Job.objects.filter(pk=self.job_id).update(done=done, total=total, message=message)
            return
        if connection.vendor == "sqlite":
            return
        if self.side is None:
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)
        quote = self.side.ops.quote_name
        sql = "UPDATE {} SET {} = %s, {} = %s, {} = %s WHERE {} = %s".format(  # noqa: S608
            *(quote(name) for name in (Job._meta.db_table, "done", "total", "message", "id"))
        )
        with self.side.cursor() as cursor:
            cursor.execute(sql, [done, total, message, self.job_id])

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
