"""Move pages: the person-page actions, the moves in and out of a jurisdiction, the look-up
by personal ID number at the new commune. Each view checks access, validates, calls one
service."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from pcmt.accounts.scope import Scope, scope_for
from pcmt.core.errors import DomainError, NotFound
from pcmt.core.exports import xlsx_response
from pcmt.core.views import form_error, not_found_as_404, page_number
from pcmt.persons.models import AccessChannel
from pcmt.residence import selectors, services
from pcmt.residence.forms import (
    ArrivalForm,
    LookupForm,
    MoveAcceptForm,
    MoveReasonForm,
)
from pcmt.residence.models import MoveStatus, ResidenceMove


def _report(request: HttpRequest, form: forms.Form) -> None:
    messages.error(
        request,
        " ".join(
            f"{form.fields[f].label if f in form.fields else ''}: {e}"
            for f, errs in form.errors.items()
            for e in errs
        ),
    )


def actions_for(scope: Scope, move: ResidenceMove) -> set[str]:
    """What this scope may do with the move now (the services check again)."""
    if not scope.can_write_persons:
        return set()
    found: set[str] = set()
    if scope.reaches_commune(move.from_commune) and move.is_open:
        found.add("cancel")
        if move.status in (MoveStatus.RECORDED, MoveStatus.REPORTED):
            found.add("notify")
    if scope.reaches_commune(move.to_commune):
        if move.status == MoveStatus.NOTIFIED:
            found |= {"accept", "refuse"}
        elif move.status == MoveStatus.REPORTED:
            found.add("refuse")
    return found


def action_forms() -> dict[str, forms.Form]:
    return {
        # No default day: the officer enters when the person actually reported.
        "accept_form": MoveAcceptForm(),
        "reason_form": MoveReasonForm(),
    }


def _moves_filtered(request: HttpRequest, scope: Any) -> tuple[Any, str, str]:
    """The moves the list shows for the request's filters, with the direction and status."""
    direction = request.GET.get("direction", "")
    direction = direction if direction in ("in", "out") else ""
    status = request.GET.get("status", "")
    moves = selectors.moves_visible(scope, direction).select_related(
        "person", "from_commune", "to_commune"
    )
    if status in MoveStatus.values:
        moves = moves.filter(status=status)
    return moves, direction, status


@login_required
def move_list(request: HttpRequest) -> HttpResponse:
    """Moves out of and into the user's jurisdiction, newest first."""
    scope = scope_for(request.user)
    if not scope.can_read_persons:
        raise Http404
    moves, direction, status = _moves_filtered(request, scope)
    page = Paginator(moves, 50).get_page(page_number(request))
    rows = [(move, actions_for(scope, move)) for move in page.object_list]
    return render(
        request,
        "residence/move_list.html",
        {
            "page": page,
            "rows": rows,
            "direction": direction,
            "status": status,
            "statuses": MoveStatus.choices,
            "can_write": scope.can_write_persons,
            "now": timezone.now(),
            **action_forms(),
        },
    )


# The export takes this many moves at most, newest first, as the list shows them.
EXPORT_LIMIT = 5000


@login_required
def move_export(request: HttpRequest) -> HttpResponse:
    """The moves list, with its filters, as an Excel file (recorded as an export)."""
    scope = scope_for(request.user)
    if not scope.can_read_persons:
        raise Http404
    moves, _direction, _status = _moves_filtered(request, scope)
    headers = [
        str(_("Person")),
        str(_("Year of birth")),
        str(_("Move date")),
        str(_("From commune")),
        str(_("To commune")),
        str(_("New address")),
        str(_("Status")),
        str(_("Notice sent")),
        str(_("Notice due")),
        str(_("Reported at the new commune")),
        str(_("Report due")),
    ]

    def moment(value: Any) -> str:
        return f"{timezone.localtime(value):%d/%m/%Y %H:%M}" if value else ""

    rows = [
        [
            move.person.full_name,
            move.person.birth_year or "",
            f"{move.moved_on:%d/%m/%Y}" if move.moved_on else "",
            str(move.from_commune or ""),
            str(move.to_commune or ""),
            move.new_address or "",
            move.get_status_display(),
            moment(move.notified_at),
            moment(move.notify_due),
            f"{move.reported_on:%d/%m/%Y}" if move.reported_on else "",
            moment(move.report_due),
        ]
        for move in moves[:EXPORT_LIMIT]
    ]
    return xlsx_response(
        "chuyen-noi-cu-tru", headers, rows, title=str(_("Moves of residence")), note="move_list"
    )


@login_required
@require_http_methods(["GET", "POST"])
@not_found_as_404
def move_lookup(request: HttpRequest) -> HttpResponse:
    """A receiving-commune officer looks a person up by exact personal ID number. The number
    travels in the POST body only; a match shows the name, birth year and sending commune."""
    scope = scope_for(request.user)
    if not scope.can_write_persons:
        raise Http404
    form = LookupForm(request.POST or None)
    result = None
    searched = False
    arrival = None
    if request.method == "POST" and form.is_valid():
        searched = True
        number = form.cleaned_data["id_number"]
        result = selectors.person_lookup(
            scope=scope, id_number=number, user=request.user, channel=AccessChannel.WEB
        )
        if result is not None:
            today = timezone.localdate()
            arrival = ArrivalForm(
                scope=scope,
                initial={"id_number": number, "moved_on": today, "reported_on": today},
            )
    return render(
        request,
        "residence/lookup.html",
        {"form": form, "result": result, "searched": searched, "arrival": arrival},
    )


@login_required
@require_POST
@not_found_as_404
def move_arrival_add(request: HttpRequest) -> HttpResponse:
    """Open a "reported at the new commune" move for the person found by ID number."""
    scope = scope_for(request.user)
    if not scope.can_write_persons:
        raise Http404
    form = ArrivalForm(request.POST, scope=scope)
    if form.is_valid():
        try:
            services.move_report_arrival(actor=request.user, **form.cleaned_data)
        except NotFound:
            raise
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(
                request, _("The move has been opened; the sending commune has been told.")
            )
            return redirect("move_list")
    result = selectors.person_lookup(scope=scope, id_number=form.data.get("id_number", ""))
    return render(
        request,
        "residence/lookup.html",
        {
            "form": LookupForm(),
            "result": result,
            "searched": True,
            "arrival": form if result is not None else None,
        },
        status=400,
    )
