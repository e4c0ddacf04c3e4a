"""Casework actions from the person page: each checks access, validates, calls one service."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
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


@login_required
@require_POST
@not_found_as_404
def drug_test_add(request: HttpRequest, pk: int) -> HttpResponse:
    scope = scope_for(request.user)
    person = person_get(scope=scope, pk=pk)
    if not scope.can_write_persons:
        raise Http404
    _act(
        request,
        DrugTestForm(request.POST),
        services.drug_test_record,
        _("The drug test has been recorded."),
        person=person,
    )
    return redirect("person_detail", pk=person.pk)


@login_required
@require_POST
@not_found_as_404
def management_decide(request: HttpRequest, management_pk: int) -> HttpResponse:
    scope = scope_for(request.user)
    management = selectors.management_get(scope=scope, pk=management_pk)
    if not scope.can_write_persons:
        raise Http404
    _act(
        request,
        DecisionForm(request.POST),
        services.management_decision_issue,
        _("The management decision has been recorded."),
        management=management,
    )
    return redirect("person_detail", pk=management.person_id)


@login_required
@require_POST
@not_found_as_404
def management_finish(request: HttpRequest, management_pk: int) -> HttpResponse:
    scope = scope_for(request.user)
    management = selectors.management_get(scope=scope, pk=management_pk)
    if not scope.can_write_persons:
        raise Http404
    _act(
        request,
        ManagementEndForm(request.POST),
        services.management_end,
        _("The management has ended."),
        management=management,
    )
    return redirect("person_detail", pk=management.person_id)


@login_required
@require_POST
@not_found_as_404
def determination_add(request: HttpRequest, pk: int) -> HttpResponse:
    scope = scope_for(request.user)
    person = person_get(scope=scope, pk=pk)
    if not scope.can_write_persons:
        raise Http404
    _act(
        request,
        DeterminationRequireForm(request.POST),
        services.determination_require,
        _("The determination is recorded as required."),
        person=person,
    )
    return redirect("person_detail", pk=person.pk)


@login_required
@require_POST
@not_found_as_404
def determination_send(request: HttpRequest, determination_pk: int) -> HttpResponse:
    scope = scope_for(request.user)
    determination = selectors.determination_get(scope=scope, pk=determination_pk)
    if not scope.can_write_persons:
        raise Http404
    _act(
        request,
        DeterminationRequestForm(request.POST),
        services.determination_request,
        _("The determination has been requested."),
        determination=determination,
    )
    return redirect("person_detail", pk=determination.person_id)


@login_required
@require_POST
@not_found_as_404
def determination_result(request: HttpRequest, determination_pk: int) -> HttpResponse:
    scope = scope_for(request.user)
    determination = selectors.determination_get(scope=scope, pk=determination_pk)
    if not scope.can_write_persons:
        raise Http404
    _act(
        request,
        DeterminationResultForm(request.POST),
        services.determination_record,
        _("The result has been recorded."),
        determination=determination,
    )
    return redirect("person_detail", pk=determination.person_id)


@login_required
@require_POST
@not_found_as_404
def therapy_add(request: HttpRequest, pk: int) -> HttpResponse:
    scope = scope_for(request.user)
    person = person_get(scope=scope, pk=pk)
    if not scope.can_write_persons:
        raise Http404
    _act(
        request,
        TherapyStartForm(request.POST),
        services.therapy_start,
        _("The substitution therapy has been recorded."),
        person=person,
    )
    return redirect("person_detail", pk=person.pk)


@login_required
@require_POST
@not_found_as_404
def therapy_end(request: HttpRequest, therapy_pk: int) -> HttpResponse:
    scope = scope_for(request.user)
    therapy = selectors.therapy_get(scope=scope, pk=therapy_pk)
    if not scope.can_write_persons:
        raise Http404
    _act(
        request,
        TherapyStopForm(request.POST),
        services.therapy_stop,
        _("The substitution therapy has stopped."),
        therapy=therapy,
    )
    return redirect("person_detail", pk=therapy.person_id)
