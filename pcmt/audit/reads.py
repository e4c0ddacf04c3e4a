"""Reads of personal data: every response that carries a person's record leaves an access row.

Models whose rows hold personal data inherit `ReadRecorded`: each row materialised while a
request is being answered is noted in the request's collector, and `ReadAuditMiddleware`
writes one `Access` row (who, when, route, why) with the subjects read, once the response is
built. Nothing has to remember to call it; a view only names *why* when it is not plain
viewing (`reads_purpose`). Values read with `.values()` bypass models: such a view notes
its subjects itself (`reads_note`).
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils import timezone


@dataclass
class Collector:
    subjects: dict[str, set[int]] = field(default_factory=dict)
    purpose: str = ""
    note: str = ""
    paused: int = 0

    def add(self, kind: str, ids: Iterable[int]) -> None:
        if not self.paused:
            self.subjects.setdefault(kind, set()).update(ids)


_collector: ContextVar[Collector | None] = ContextVar("pcmt_reads", default=None)


def reads_note(kind: str, ids: Iterable[int]) -> None:
    """Note subjects read in this request (for reads that bypass the models)."""
    collector = _collector.get()
    if collector is not None:
        collector.add(kind, ids)


def reads_purpose(purpose: str, note: str = "") -> None:
    """Say why this request reads personal data (a code of `Purpose`), and a short note."""
    collector = _collector.get()
    if collector is not None:
        collector.purpose = purpose
        collector.note = note[:300]


@contextmanager
def reads_unrecorded() -> Iterator[None]:
    """Rows loaded only to compute a figure that shows no one's data are not reads."""
    collector = _collector.get()
    if collector is not None:
        collector.paused += 1
    try:
        yield
    finally:
        if collector is not None:
            collector.paused -= 1


@contextmanager
def reads_collected() -> Iterator[Collector]:
    collector = Collector()
    token = _collector.set(collector)
    try:
        yield collector
    finally:
        _collector.reset(token)


class ReadRecorded(models.Model):
    """A model whose rows are personal data: loading one inside a request is a read."""

    READ_KIND = ""
    # Columns naming a person in the registry this row speaks of: noted as persons read too.
    READ_PERSONS: tuple[str, ...] = ()

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any, *, fetch_mode: Any = None) -> Any:
        instance = super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        collector = _collector.get()
        if collector is not None and not collector.paused and instance.pk is not None:
            collector.subjects.setdefault(cls.READ_KIND, set()).add(instance.pk)
            for column in cls.READ_PERSONS:
                # Only a loaded value: reading a deferred one would query the database.
                person_id = instance.__dict__.get(column)
                if person_id is not None:
                    collector.subjects.setdefault("person", set()).add(person_id)
        return instance


# Answers that show nothing of what was loaded: redirects, refusals, not found, errors.
_SILENT = {401, 403, 404, 405, 429}


def _shown(response: HttpResponse) -> bool:
    status = response.status_code
    return not (300 <= status < 400 or status in _SILENT or status >= 500)


def _route(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return (match.view_name if match else "")[:80]


def access_write(request: HttpRequest, collector: Collector, status: int) -> None:
    from pcmt.audit.models import Access, AccessSubject, Purpose
    from pcmt.audit.origin import current_origin

    subjects = [(kind, pk) for kind, ids in collector.subjects.items() for pk in ids]
    default = Purpose.VIEW if request.method in ("GET", "HEAD") else Purpose.CHANGE
    origin = current_origin()
    user_id = request.user.pk
    assert user_id is not None  # only authenticated answers are recorded
    access = Access.objects.create(
        user_id=int(user_id),
        at=timezone.now(),
        route=_route(request),
        method=(request.method or "")[:8],
        status=status,
        purpose=collector.purpose or default,
        note=collector.note,
        channel=origin.channel,
        ip=origin.ip or None,
        request_id=origin.request_id,
        count=len(subjects),
    )
    AccessSubject.objects.bulk_create(
        [AccessSubject(access=access, kind=kind, subject_id=pk) for kind, pk in subjects],
        batch_size=2000,
    )


class ReadAuditMiddleware:
    """One access row per answered request that carried personal data."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with reads_collected() as collector:
            response = self.get_response(request)
            user = getattr(request, "user", None)
            wanted = (collector.subjects and _shown(response)) or collector.purpose
            if wanted and user is not None and user.is_authenticated:
                access_write(request, collector, response.status_code)
        return response
