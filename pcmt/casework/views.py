"""Page helpers still used by rehab and support until they move onto lifecycles."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from pcmt.accounts.scope import scope_for
from pcmt.core.errors import DomainError
from pcmt.core.views import not_found_as_404


def _report(request: HttpRequest, form: forms.Form) -> None:
    messages.error(
        request,
        " ".join(
            f"{form.fields[f].label if f in form.fields else ''}: {e}"
            for f, errs in form.errors.items()
            for e in errs
        ),
    )


def _act(request: HttpRequest, form: forms.Form, action: Any, done: str, **target: Any) -> None:
    """Validate the form, run the service, report the outcome as a message."""
    if not form.is_valid():
        _report(request, form)
        return
    try:
        action(actor=request.user, **target, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, done)


def _action(
    form_class: type[forms.Form],
    service: Callable[..., Any],
    done: Any,
    target: str,
    lookup: Callable[..., Any],
) -> Callable[..., HttpResponse]:
    """A POST view: find the object in the scope, require write access, run one service."""

    @login_required
    @require_POST
    @not_found_as_404
    def view(request: HttpRequest, **kwargs: int) -> HttpResponse:
        scope = scope_for(request.user)
        obj = lookup(scope=scope, pk=next(iter(kwargs.values())))
        if not scope.can_write_persons:
            raise Http404
        _act(request, form_class(request.POST), service, str(done), **{target: obj})
        return redirect("person_detail", pk=obj.pk if target == "person" else obj.person_id)

    return view
