"""Helpers shared by the page views."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.http import Http404, HttpRequest

from pcmt.core.errors import DomainError, NotFound


def not_found_as_404[**P, R](view: Callable[P, R]) -> Callable[P, R]:
    """Out of jurisdiction and missing are the same 404."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return view(*args, **kwargs)
        except NotFound as exc:
            raise Http404 from exc

    return wrapper


def form_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's error on its field, or on the form when it names none."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def page_number(request: HttpRequest, name: str = "page") -> int:
    try:
        return max(1, min(int(request.GET.get(name, "1")), 100000))
    except ValueError:
        return 1


def is_htmx(request: Any) -> bool:
    return bool(getattr(request, "htmx", False))
