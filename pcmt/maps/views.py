"""The map page (bản đồ số) and the commune popup; the data come from the map API."""

import json
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from pcmt.core.dates import form_date
from pcmt.core.errors import DomainError, NotFound
from pcmt.maps import selectors, services
from pcmt.maps.analysis import (
    MIN_UNITS,
    PATTERN_LABELS,
    PATTERN_TEXT,
    PATTERNS,
    PERMUTATIONS,
    SEED,
)
from pcmt.maps.classify import SCHEMES
from pcmt.maps.density import BANDWIDTH_M, CELL_M
from pcmt.maps.hexagons import RESOLUTION, RESOLUTIONS, cell_area_km2
from pcmt.maps.layers import marker_layers_for
from pcmt.maps.periods import Period, period_containing, period_parse

SLIDER_QUARTERS = 12


class MapControlsForm(forms.Form):
    measure = forms.ChoiceField(label=_("Measure"))
    scheme = forms.ChoiceField(
        label=_("Classes"), choices=[(k, v) for k, v in SCHEMES.items()], required=False
    )
    period = forms.ChoiceField(
        label=_("Period"),
        choices=[
            ("month", _("Month")),
            ("quarter", _("Quarter")),
            ("year", _("Year")),
            ("custom", _("Custom")),
        ],
        required=False,
    )
    start = form_date(label=_("From (a day in the period)"), required=False)
    end = form_date(label=_("Until (custom period)"), required=False)

    def __init__(self, *args: Any, measures: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        measure = self.fields["measure"]
        assert isinstance(measure, forms.ChoiceField)
        measure.choices = measures
        for name in ("start", "end"):
            # dd/mm/yyyy whatever the browser's language (a date input follows the browser's).
            self.fields[name].widget = forms.DateInput(
                attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"},
                format="%d/%m/%Y",
            )


def _period_or_default(request: HttpRequest) -> tuple[Period, str]:
    today = timezone.localdate()
    try:
        return period_parse(request.GET.dict(), today=today), ""
    except DomainError as exc:
        return period_containing("quarter", today), str(exc.message)


@login_required
def map_page(request: HttpRequest) -> HttpResponse:
    access = selectors.map_access(request.user)
    if not access.scope.can_read_aggregates:
        raise Http404
    measures = selectors.measure_choices(access)
    period, period_error = _period_or_default(request)
    initial = {
        "measure": request.GET.get("measure") or measures[0][0],
        "scheme": request.GET.get("scheme") or "quantiles",
        "period": period.kind,
        "start": period.start,
        "end": period.end,
    }
    form = MapControlsForm(initial=initial, measures=measures)
    # The time slider: the twelve quarters ending with the current one.
    quarters = selectors.time_steps("quarter", end=timezone.localdate(), count=SLIDER_QUARTERS)
    return render(
        request,
        "maps/map.html",
        {
            "form": form,
            "period": period,
            "period_error": period_error,
            "marker_layers": marker_layers_for(access),
            "query": request.GET.urlencode(),
            "has_links": access.person_links or access.hotspot_markers,
            "heat": access.place_counts,
            "cell_m": CELL_M,
            "bandwidth_m": BANDWIDTH_M,
            "slider": json.dumps(
                [{"start": q.start.isoformat(), "label": q.label} for q in quarters]
            ),
            "pattern_labels": json.dumps({k: str(v) for k, v in PATTERN_LABELS.items()}),
            "patterns": [
                (
                    PATTERN_LABELS[f"{key}_hot_spot"],
                    PATTERN_LABELS[f"{key}_cold_spot"],
                    PATTERN_TEXT[key],
                )
                for key in PATTERNS
            ],
            "min_units": MIN_UNITS,
            "resolution": RESOLUTION,
            "finest": RESOLUTIONS[-1],
            "finest_area": number_format(cell_area_km2(RESOLUTIONS[-1]), 3),
            "coarsest": RESOLUTIONS[0],
            "coarsest_area": number_format(cell_area_km2(RESOLUTIONS[0]), 0),
            "permutations": PERMUTATIONS,
            "seed": SEED,
            "tile_url": settings.PCMT_MAP_TILE_URL,
            "urls": {
                "communes": reverse("api_map_communes"),
                "values": reverse("api_map_values"),
                "analysis": reverse("api_map_analysis"),
                "markers": reverse("api_map_markers"),
                "popup": reverse("map_commune", kwargs={"code": "00000"}),
                "export": reverse("api_map_export"),
                "heat": reverse("api_map_heat") if access.place_counts else "",
                "hexagons": reverse("api_map_hexagons") if access.place_counts else "",
                "emerging": reverse("api_map_emerging"),
                "job_start": reverse("map_job_start"),
            },
            "hex_in_request": selectors.HEX_IN_REQUEST_POINTS,
        },
    )


@login_required
def map_commune(request: HttpRequest, code: str) -> HttpResponse:
    """The popup of one commune of the jurisdiction: its figures and the links allowed."""
    access = selectors.map_access(request.user)
    if not access.scope.can_read_aggregates:
        raise Http404
    period, _error = _period_or_default(request)
    try:
        summary = selectors.commune_summary(access, code=code, period=period)
    except NotFound as exc:
        raise Http404 from exc
    return render(request, "maps/commune_popup.html", {"summary": summary, "period": period})


@login_required
@require_POST
def map_job_start(request: HttpRequest) -> HttpResponse:
    """Start a long analysis of the map (the emerging analysis, Gi* over many hexagons) as a
    background job; the answer is its progress bar, which polls until the job ends."""
    try:
        job = services.map_job_start(actor=request.user, params=request.POST.dict())
    except NotFound as exc:
        raise Http404 from exc
    except DomainError as exc:
        return render(request, "maps/_job.html", {"error": exc.message}, status=400)
    return render(request, "maps/_job.html", {"job": job})


@login_required
@require_GET
def map_job(request: HttpRequest, map_job_pk: int) -> HttpResponse:
    """A map job's progress bar; when it is done, where its result is read."""
    try:
        job = selectors.map_job_get(request.user, map_job_pk)
    except NotFound as exc:
        raise Http404 from exc
    return render(request, "maps/_job.html", {"job": job})
