"""Optimistic concurrency over the API: the ETag is the record's version, a write names it.

A client reads a record (the `ETag` header carries its version) and sends it back in
`If-Match` with PUT or PATCH. No `If-Match` is a 428; a version that is no longer current
is a 412 `stale_version` with the current version and, when known, what changed since.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response

from pcmt.core.errors import StaleVersion

IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    location=OpenApiParameter.HEADER,
    required=True,
    description="The ETag of the record as read (its version); 412 when it changed since.",
)


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_code = "precondition_required"
    default_detail = _(
        "Send the version of the record you read (its ETag) in the If-Match header, "
        "so that no one else's change is overwritten."
    )


def etag(record: Any) -> str:
    return f'"{record.version}"'


def if_match(request: Request) -> int:
    """The version named by If-Match ("3", W/"3" or 3); -1 when it names none we know."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired()
    value = header.removeprefix("W/").strip().strip('"')
    return int(value) if value.isdigit() and len(value) < 10 else -1


def stale_response(error: StaleVersion) -> Response:
    return Response(
        {
            "code": error.code,
            "message": str(error.message),
            "version": error.current,
            "changes": [
                {"field": label, "theirs": old, "current": new} for label, old, new in error.changes
            ],
        },
        status=status.HTTP_412_PRECONDITION_FAILED,
        headers={"ETag": f'"{error.current}"'},
    )


def with_etag(response: Response, record: Any) -> Response:
    response["ETag"] = etag(record)
    return response
