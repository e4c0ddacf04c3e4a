"""Support pages: the person-page section and the indicator; actions come from `lifecycles.py`."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from pcmt.accounts.scope import Scope, scope_for
from pcmt.core.extensions import PersonSection
from pcmt.persons.models import Person
from pcmt.support import selectors
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


def person_section(request: HttpRequest, person: Person, scope: Scope) -> PersonSection | None:
    """Services, releases, summonses and check-ins on the person's page."""
    if not scope.can_read_persons:
        return None
    today = timezone.localdate()
    context = selectors.person_support(person)
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
