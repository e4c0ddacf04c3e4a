"""Support pages: actions from the person page, the person-page section, the indicator."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from pcmt.accounts.scope import Scope, scope_for
from pcmt.casework.views import _act
from pcmt.core.extensions import PersonSection
from pcmt.core.views import not_found_as_404
from pcmt.persons.models import Person
from pcmt.persons.selectors import person_get
from pcmt.support import selectors, services
from pcmt.support.forms import (
    AttendanceForm,
    CheckInForm,
    PeriodForm,
    ReleaseContactForm,
    ReleaseForm,
    ServiceForm,
    SummonsForm,
    default_period,
)


def _person_id(obj: Any) -> int:
    return int(obj.pk if isinstance(obj, Person) else obj.person_id)


def _action(
    form_class: Callable[..., forms.Form],
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
        form = form_class(request.POST, person_id=_person_id(obj))
        _act(request, form, service, str(done), **{target: obj})
        return redirect("person_detail", pk=_person_id(obj))

    return view


def _plain(form_class: type[forms.Form]) -> Callable[..., forms.Form]:
    """A form that does not depend on the person."""

    def make(data: Any, person_id: int) -> forms.Form:
        return form_class(data)

    return make


service_add = _action(
    _plain(ServiceForm),
    services.service_record,
    _("The service has been recorded."),
    "person",
    person_get,
)
release_add = _action(
    _plain(ReleaseForm),
    services.release_record,
    _("The release has been recorded; the commune is to receive the person."),
    "person",
    person_get,
)
release_contact = _action(
    _plain(ReleaseContactForm),
    services.release_contact_record,
    _("The first contact has been recorded."),
    "release",
    selectors.release_get,
)
summons_add = _action(
    SummonsForm,
    services.summons_issue,
    _("The summons has been recorded."),
    "person",
    person_get,
)
summons_attendance = _action(
    _plain(AttendanceForm),
    services.summons_attendance_record,
    _("The attendance has been recorded."),
    "summons",
    selectors.summons_get,
)
check_in_add = _action(
    _plain(CheckInForm),
    services.check_in_record,
    _("The check-in has been recorded."),
    "person",
    person_get,
)


def person_section(request: HttpRequest, person: Person, scope: Scope) -> PersonSection | None:
    """Services, releases, summonses and check-ins on the person's page."""
    if not scope.can_read_persons:
        return None
    today = timezone.localdate()
    context = selectors.person_support(person.pk)
    if scope.can_write_persons:
        context |= {
            "service_form": ServiceForm(initial={"received_on": today}),
            "release_form": ReleaseForm(initial={"released_on": today}),
            "contact_form": ReleaseContactForm(initial={"contacted_on": today}),
            "summons_form": SummonsForm(initial={"issued_on": today}, person_id=person.pk),
            "attendance_form": AttendanceForm(initial={"attendance_on": today}),
            "check_in_form": CheckInForm(initial={"checked_in_on": today}),
        }
    return PersonSection("support/_person_section.html", context)


@login_required
@require_GET
def indicator_services(request: HttpRequest) -> HttpResponse:
    """Persons with records who reached services, by commune; counts only."""
    scope = scope_for(request.user)
    if not scope.can_read_aggregates:
        raise Http404
    form = PeriodForm(request.GET or None)
    period = None
    if not form.is_bound:
        period = default_period()
        form = PeriodForm(initial=period)
    elif form.is_valid():
        period = form.cleaned_data
    result = None
    if period is not None:
        result = selectors.services_reached(scope, period["start"], period["end"])
    return render(
        request,
        "support/indicator_services.html",
        {"form": form, "result": result, "scope": scope},
    )
