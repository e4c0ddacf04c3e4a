"""API errors: a stable code, a Vietnamese message, and the field when there is one."""

from typing import Any

from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from pcmt.core.errors import DomainError, NotFound


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Turn domain errors into 400 (404 when out of jurisdiction); the rest as DRF does."""
    if isinstance(exc, NotFound):
        exc = Http404()
    elif isinstance(exc, DomainError):
        body: dict[str, Any] = {"code": exc.code, "message": str(exc.message)}
        if exc.field:
            body["field"] = exc.field
        candidates = getattr(exc, "candidates", None)
        if candidates is not None:
            body["candidates"] = [{"id": p.pk, "full_name": p.full_name} for p in candidates]
            body["hidden_candidates"] = getattr(exc, "hidden", 0)
            return Response(body, status=status.HTTP_409_CONFLICT)
        return Response(body, status=getattr(exc, "http_status", status.HTTP_400_BAD_REQUEST))
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.APIException):
        if isinstance(response.data, dict) and "detail" in response.data:
            response.data = {
                "code": exc.get_codes() if isinstance(exc.get_codes(), str) else "invalid",
                "message": str(response.data["detail"]),
            }
        elif isinstance(exc, exceptions.ValidationError):
            response.data = {
                "code": "invalid",
                "message": "Dữ liệu không hợp lệ.",
                "fields": response.data,
            }
    return response
