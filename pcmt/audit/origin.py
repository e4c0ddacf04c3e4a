"""Where a write comes from: the channel (ui, api, task, command), client IP and request id.

The middleware sets it for each request; background tasks and commands set their channel
with `origin_context`; `event_record` reads it so no caller has to pass it along.
"""

import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass, replace

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    UI = "ui", _("Web pages")
    API = "api", _("API")
    TASK = "task", _("Background task")
    COMMAND = "command", _("Command")


@dataclass(frozen=True)
class Origin:
    channel: str = Channel.COMMAND
    ip: str = ""
    request_id: str = ""

    def as_dict(self) -> dict[str, str]:
        return {key: value for key, value in asdict(self).items() if value}

    def with_channel(self, channel: str) -> "Origin":
        return replace(self, channel=channel) if channel else self


_current: ContextVar[Origin | None] = ContextVar("pcmt_origin", default=None)
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def current_origin() -> Origin:
    """The origin of the running request or task; outside both, a command."""
    return _current.get() or Origin()


@contextmanager
def origin_context(origin: Origin) -> Iterator[Origin]:
    token = _current.set(origin)
    try:
        yield origin
    finally:
        _current.reset(token)


def request_origin(request: HttpRequest) -> Origin:
    given = request.headers.get("X-Request-ID", "")
    request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
    channel = Channel.API if request.path.startswith("/api/") else Channel.UI
    return Origin(channel=channel, ip=request.META.get("REMOTE_ADDR", ""), request_id=request_id)


class RequestOriginMiddleware:
    """Record each request's channel, client IP and request id for the events it writes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with origin_context(request_origin(request)) as origin:
            response = self.get_response(request)
        response.headers.setdefault("X-Request-ID", origin.request_id)
        return response
