"""Hotspot pages: the list with filters, one hotspot with its timeline, registration.

The transitions' pages (eliminate, re-emerge) are derived from `lifecycles.HOTSPOT`.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from pcmt.audit.labels import action_label
from pcmt.audit.models import Event
from pcmt.core.errors import DomainError, NotFound
from pcmt.core.views import page_number
from pcmt.places import selectors, services
from pcmt.places.forms import (
    CountsForm,
    EliminateForm,
    HotspotFilterForm,
    HotspotForm,
    ReEmergeForm,
)
from pcmt.places.models import HOTSPOT_STREAM, HotspotStatus


@login_required
def hotspot_list(request: HttpRequest) -> HttpResponse:
    access = selectors.hotspot_access(request.user)
    if not access.reads:
        raise Http404
    communes = access.scope.communes()
    filters = HotspotFilterForm(request.GET or None, communes=communes)
    chosen: dict[str, Any] = {}
    if filters.is_valid():
        chosen = {k: v for k, v in filters.cleaned_data.items() if v}
    hotspots = selectors.hotspot_list(request.user, **chosen)
    page = Paginator(hotspots, 100).get_page(page_number(request))
    return render(
        request,
        "places/hotspot_list.html",
        {
            "filters": filters,
            "page": page,
            "count": page.paginator.count,
            "can_write": access.writes,
        },
    )


@login_required
def hotspot_detail(request: HttpRequest, hotspot_pk: int) -> HttpResponse:
    try:
        hotspot = selectors.hotspot_get(request.user, hotspot_pk)
    except NotFound as exc:
        raise Http404 from exc
    events = Event.objects.of(HOTSPOT_STREAM, hotspot.pk).select_related("actor")
    can_write = selectors.hotspot_can_write(request.user, hotspot.commune)
    return render(
        request,
        "places/hotspot_detail.html",
        {
            "hotspot": hotspot,
            "spells": hotspot.spells.all(),
            "timeline": [(event, action_label(event.action)) for event in events],
            "eliminate_form": EliminateForm()
            if can_write and hotspot.status != HotspotStatus.ELIMINATED
            else None,
            "re_emerge_form": ReEmergeForm()
            if can_write and hotspot.status == HotspotStatus.ELIMINATED
            else None,
        },
    )


@login_required
def hotspot_create(request: HttpRequest) -> HttpResponse:
    if not selectors.hotspot_can_write(request.user):
        raise Http404
    communes = selectors.hotspot_writable_communes(request.user)
    form = HotspotForm(request.POST or None, communes=communes)
    needs_reason = False
    if request.method == "POST" and form.is_valid():
        try:
            hotspot = services.hotspot_create(
                actor=request.user, data=services.HotspotInput(**form.cleaned_data)
            )
        except services.LocationNeedsReason as warning:
            needs_reason = True
            form.add_error(warning.field, str(warning.message))
        except NotFound as exc:
            raise Http404 from exc
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(request, _("The hotspot is registered."))
            return redirect("hotspot_detail", hotspot_pk=hotspot.pk)
    return render(request, "places/hotspot_form.html", {"form": form, "needs_reason": needs_reason})


@login_required
def hotspot_counts(request: HttpRequest) -> HttpResponse:
    """Open hotspots on a day, by commune and severity: counts only, for analysts too."""
    access = selectors.hotspot_access(request.user)
    if not access.counts:
        raise Http404
    form = CountsForm(request.GET or None)
    day = timezone.localdate()
    if form.is_valid() and form.cleaned_data["on"]:
        day = form.cleaned_data["on"]
    counts = selectors.hotspot_counts_on(access.scope, day)
    communes = access.scope.communes().order_by("name_folded")
    rows = [(c, counts["by_commune"].get(c.pk, 0)) for c in communes]
    return render(
        request,
        "places/hotspot_counts.html",
        {
            "form": form,
            "day": day,
            "total": counts["total"],
            "severe": counts["by_severity"].get("severe", 0),
            "ordinary": counts["by_severity"].get("ordinary", 0),
            "rows": [row for row in rows if row[1]],
        },
    )
