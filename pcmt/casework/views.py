"""Casework actions from the person page: each checks access, validates, calls one service."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from pcmt.accounts.scope import scope_for
from pcmt.casework import selectors, services
from pcmt.casework.forms import (
    DecisionForm,
    DeterminationRequestForm,
    DeterminationRequireForm,
    DeterminationResultForm,
    DrugTestForm,
    ManagementEndForm,
    TherapyStartForm,
    TherapyStopForm,
)
from pcmt.core.errors import DomainError
from pcmt.core.views import not_found_as_404
from pcmt.persons.selectors import person_get


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


drug_test_add = _action(
    DrugTestForm,
    services.drug_test_record,
    _("The drug test has been recorded."),
    "person",
    person_get,
)
management_decide = _action(
    DecisionForm,
    services.management_decision_issue,
    _("The management decision has been recorded."),
    "management",
    selectors.management_get,
)
management_finish = _action(
    ManagementEndForm,
    services.management_end,
    _("The management has ended."),
    "management",
    selectors.management_get,
)
determination_add = _action(
    DeterminationRequireForm,
    services.determination_require,
    _("The determination is recorded as required."),
    "person",
    person_get,
)
determination_send = _action(
    DeterminationRequestForm,
    services.determination_request,
    _("The determination has been requested."),
    "determination",
    selectors.determination_get,
)
determination_result = _action(
    DeterminationResultForm,
    services.determination_record,
    _("The result has been recorded."),
    "determination",
    selectors.determination_get,
)
therapy_add = _action(
    TherapyStartForm,
    services.therapy_start,
    _("The substitution therapy has been recorded."),
    "person",
    person_get,
)
therapy_end = _action(
    TherapyStopForm,
    services.therapy_stop,
    _("The substitution therapy has stopped."),
    "therapy",
    selectors.therapy_get,
)
