"""Place pages: for each registry the list with filters, one record with its timeline and
the steps it may take, registration and edit; counts as of a day.

One set of views serves every registry, described by a `Registry`; the transitions' pages
(eliminate, transform, inspect, withdraw…) are derived from the lifecycles.
"""

import datetime
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from pcmt.audit.labels import action_label, field_label, value_label
from pcmt.audit.models import Event
from pcmt.core.errors import DomainError, NotFound
from pcmt.core.views import form_error, not_found_as_404, page_number
from pcmt.geo.address import address_resolve, address_village
from pcmt.geo.models import UnitBoundary, Village
from pcmt.lifecycle.declarations import Lifecycle
from pcmt.places import forms as place_forms
from pcmt.places import selectors, services, spreadsheets
from pcmt.places.lifecycles import (
    BUSINESS,
    DRUG_FREE,
    DRUG_FREE_ASSESSMENT,
    HOTSPOT,
    KEY_AREA,
    monitoring_ends_on,
)
from pcmt.places.models import (
    BUSINESS_STREAM,
    DRUG_FREE_ASSESSMENT_STREAM,
    DRUG_FREE_STREAM,
    HOTSPOT_REVERIFIED,
    HOTSPOT_STREAM,
    INCIDENT_STREAM,
    KEY_AREA_STREAM,
    Business,
    DrugFreeAssessment,
    DrugFreeRecognition,
    Hotspot,
    HotspotStatus,
    Incident,
    KeyArea,
)


def _no_choices(user: Any) -> dict[str, Any]:
    return {}


def _nothing(record: Any) -> dict[str, Any]:
    return {}


def _assessment_initial(assessment: Any) -> dict[str, Any]:
    return {"checks": {c.code: (c.met, c.evidence) for c in assessment.checks.all()}}


def _assessment_detail(assessment: Any) -> dict[str, Any]:
    """The criteria as assessed, and the recognition's own history when one was decided."""
    recognition = assessment.recognition
    events = (
        Event.objects.of(DRUG_FREE_STREAM, recognition.pk).select_related("actor")
        if recognition is not None
        else []
    )
    return {
        "checks": assessment.checks.all(),
        "recognition_timeline": [(event, action_label(event.action)) for event in events],
    }


def _villages(user: Any) -> dict[str, Any]:
    communes = selectors.place_writable_communes(user)
    return {
        "village": Village.objects.filter(commune__in=communes, is_active=True)
        .select_related("commune")
        .order_by("commune__name_folded", "name_folded")
    }


def _links(user: Any) -> dict[str, Any]:
    return {
        **_villages(user),
        "business": selectors.businesses_choosable(user),
        "hotspot": selectors.hotspots_choosable(user),
    }


@dataclass(frozen=True)
class Registry:
    """One place registry as its pages see it."""

    name: str  # template and route prefix: "hotspot" → places/hotspot_list.html, hotspot_detail
    model: type[models.Model]
    stream: str
    url_kwarg: str
    lifecycle: Lifecycle | None
    listing: Callable[..., Any]  # the selector of the list: (user, **filters)
    filter_form: type[place_forms.CommuneForm]
    form: type[place_forms.PlaceForm]
    input: type[Any]  # the service's input dataclass
    create: Callable[..., Any]  # (actor=, data=)
    update: Callable[..., Any]  # (actor=, <name>=, data=, version=)
    update_kwarg: str
    create_title: str | Promise
    edit_title: str | Promise
    created: str | Promise
    choices: Callable[[Any], dict[str, Any]] = _no_choices
    # Fields the edit form leaves out (what only the lifecycle or a new record changes).
    fixed: tuple[str, ...] = ("commune",)
    persons: bool = False  # persons of the registry may be linked, with a role
    initial: Callable[[Any], dict[str, Any]] = _nothing  # the edit form's extra initial values
    detail: Callable[[Any], dict[str, Any]] = _nothing  # the record page's extra context
    # What the record's page shows besides its fields: (request, record) → context.
    page_context: Callable[[HttpRequest, Any], dict[str, Any]] = lambda request, record: {}


def _hotspot_extra(request: HttpRequest, hotspot: Any) -> dict[str, Any]:
    """The re-verifications, the next one due and the end of the monitoring period."""
    return {
        "reverifications": selectors.hotspot_reverifications(request.user, hotspot.pk),
        "monitoring_ends_on": monitoring_ends_on(hotspot)
        if hotspot.status in HOTSPOT_REVERIFIED
        else None,
        "periods": [
            (HotspotStatus(p.status).label, p.started_on, p.ended_on) for p in hotspot.periods.all()
        ],
        "today": timezone.localdate(),
    }


HOTSPOTS = Registry(
    name="hotspot",
    model=Hotspot,
    stream=HOTSPOT_STREAM,
    url_kwarg="hotspot_pk",
    lifecycle=HOTSPOT,
    listing=selectors.hotspot_list,
    filter_form=place_forms.HotspotFilterForm,
    form=place_forms.HotspotForm,
    input=services.HotspotInput,
    create=services.hotspot_create,
    update=services.hotspot_update,
    update_kwarg="hotspot",
    create_title=gettext_lazy("Register a hotspot"),
    edit_title=gettext_lazy("Change a hotspot"),
    created=gettext_lazy("The hotspot is registered."),
    choices=lambda user: {
        **_villages(user),
        "business": selectors.businesses_choosable(user),
    },
    fixed=("commune", "severity", "status", "discovered_on"),
    persons=True,
    page_context=_hotspot_extra,
)
INCIDENTS = Registry(
    name="incident",
    model=Incident,
    stream=INCIDENT_STREAM,
    url_kwarg="incident_pk",
    lifecycle=None,
    listing=selectors.incident_list,
    filter_form=place_forms.IncidentFilterForm,
    form=place_forms.IncidentForm,
    input=services.IncidentInput,
    create=services.incident_create,
    update=services.incident_update,
    update_kwarg="incident",
    create_title=gettext_lazy("Record an incident"),
    edit_title=gettext_lazy("Change an incident"),
    created=gettext_lazy("The incident is recorded."),
    choices=_links,
    persons=True,
)
KEY_AREAS = Registry(
    name="key_area",
    model=KeyArea,
    stream=KEY_AREA_STREAM,
    url_kwarg="key_area_pk",
    lifecycle=KEY_AREA,
    listing=selectors.key_area_list,
    filter_form=place_forms.KeyAreaFilterForm,
    form=place_forms.KeyAreaForm,
    input=services.KeyAreaInput,
    create=services.key_area_select,
    update=services.key_area_update,
    update_kwarg="key_area",
    create_title=gettext_lazy("Select a key area"),
    edit_title=gettext_lazy("Change a key area"),
    created=gettext_lazy("The key area is selected."),
    fixed=("commune", "selected_on"),
)
BUSINESSES = Registry(
    name="business",
    model=Business,
    stream=BUSINESS_STREAM,
    url_kwarg="business_pk",
    lifecycle=BUSINESS,
    listing=selectors.business_list,
    filter_form=place_forms.BusinessFilterForm,
    form=place_forms.BusinessForm,
    input=services.BusinessInput,
    create=services.business_register,
    update=services.business_update,
    update_kwarg="business",
    create_title=gettext_lazy("Register a conditional business"),
    edit_title=gettext_lazy("Change a conditional business"),
    created=gettext_lazy("The business is registered."),
    choices=_villages,
)
DRUG_FREE_UNITS = Registry(
    name="drug_free",
    model=DrugFreeRecognition,
    stream=DRUG_FREE_STREAM,
    url_kwarg="drug_free_pk",
    lifecycle=DRUG_FREE,
    listing=selectors.drug_free_list,
    filter_form=place_forms.DrugFreeFilterForm,
    form=place_forms.DrugFreeForm,
    input=services.DrugFreeInput,
    create=services.drug_free_recognise,
    update=services.drug_free_update,
    update_kwarg="recognition",
    create_title=gettext_lazy("Record a drug-free recognition"),
    edit_title=gettext_lazy("Change a drug-free recognition"),
    created=gettext_lazy("The recognition is recorded."),
    choices=_villages,
    fixed=("commune", "village", "recognised_on"),
)
DRUG_FREE_ASSESSMENTS = Registry(
    name="drug_free_assessment",
    model=DrugFreeAssessment,
    stream=DRUG_FREE_ASSESSMENT_STREAM,
    url_kwarg="drug_free_assessment_pk",
    lifecycle=DRUG_FREE_ASSESSMENT,
    listing=selectors.drug_free_assessment_list,
    filter_form=place_forms.DrugFreeAssessmentFilterForm,
    form=place_forms.DrugFreeAssessmentForm,
    input=services.DrugFreeAssessmentInput,
    create=services.drug_free_assess,
    update=services.drug_free_assessment_update,
    update_kwarg="assessment",
    create_title=gettext_lazy("Record a drug-free assessment"),
    edit_title=gettext_lazy("Change a drug-free assessment"),
    created=gettext_lazy("The assessment is recorded."),
    choices=_villages,
    fixed=("commune", "village", "assessed_on"),
    initial=_assessment_initial,
    detail=_assessment_detail,
)
REGISTRIES = (HOTSPOTS, INCIDENTS, KEY_AREAS, BUSINESSES, DRUG_FREE_UNITS, DRUG_FREE_ASSESSMENTS)


def _listed(
    registry: Registry, request: HttpRequest
) -> tuple[selectors.PlaceAccess, forms.Form, Any]:
    """The records the list (and its export) shows: readers only, with the chosen filters."""
    access = selectors.place_access(request.user)
    if not access.reads:
        raise Http404
    filters = registry.filter_form(request.GET or None, communes=access.scope.communes())
    chosen: dict[str, Any] = {}
    if filters.is_valid():
        chosen = {k: v for k, v in filters.cleaned_data.items() if v}
    return access, filters, registry.listing(request.user, **chosen)


def _list(registry: Registry) -> Callable[..., HttpResponse]:
    @login_required
    def view(request: HttpRequest) -> HttpResponse:
        access, filters, records = _listed(registry, request)
        page = Paginator(records, 100).get_page(page_number(request))
        return render(
            request,
            f"places/{registry.name}_list.html",
            {
                "filters": filters,
                "page": page,
                "count": page.paginator.count,
                "can_write": access.writes,
                "export_query": request.GET.urlencode(),
            },
        )

    view.__name__ = view.__qualname__ = f"{registry.name}_list"
    return view


def _steps(registry: Registry, record: Any, can_write: bool) -> dict[str, Any]:
    """The forms of the steps the record may take now, each under `<step>_form`."""
    found: dict[str, Any] = {"actions": []}
    lifecycle = registry.lifecycle
    if lifecycle is None:
        return found
    state = lifecycle.state(record)
    for transition in lifecycle.transitions:
        key = transition.name.removeprefix(f"{lifecycle.name}_") + "_form"
        form = transition.form() if can_write and state in transition.source else None
        found[key] = form
        if form is not None:
            url = reverse(transition.page_name, kwargs={registry.url_kwarg: record.pk})
            found["actions"].append((transition.name, transition.label, form, url))
    return found


def _persons(
    registry: Registry, request: HttpRequest, record: Any, can_write: bool
) -> dict[str, Any]:
    """The persons linked to the place that the user may see, and the form to link one."""
    if not registry.persons:
        return {}
    kwargs = {registry.url_kwarg: record.pk}
    return {
        "persons": [
            (link, reverse(f"{registry.name}_person_unlink", kwargs={**kwargs, "link_pk": link.pk}))
            for link in selectors.place_persons(request.user, record)
        ],
        "person_form": place_forms.PlacePersonForm() if can_write else None,
        "person_link_url": reverse(f"{registry.name}_person_link", kwargs=kwargs),
    }


def _person_link(registry: Registry) -> Callable[..., HttpResponse]:
    @login_required
    @require_POST
    @not_found_as_404
    def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        record = selectors.place_writable_get(
            registry.model, request.user, kwargs[registry.url_kwarg]
        )
        form = place_forms.PlacePersonForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        else:
            try:
                services.place_person_link(
                    actor=request.user,
                    place=record,  # type: ignore[arg-type]
                    person_pk=form.cleaned_data["person"],
                    role=form.cleaned_data["role"],
                    note=form.cleaned_data["note"],
                )
            except NotFound:
                raise
            except DomainError as error:
                messages.error(request, str(error.message))
            else:
                messages.success(request, _("The person is linked to the place."))
        return redirect(f"{registry.name}_detail", record.pk)

    view.__name__ = view.__qualname__ = f"{registry.name}_person_link"
    return view


def _person_unlink(registry: Registry) -> Callable[..., HttpResponse]:
    @login_required
    @require_POST
    @not_found_as_404
    def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        record = selectors.place_writable_get(
            registry.model, request.user, kwargs[registry.url_kwarg]
        )
        services.place_person_unlink(
            actor=request.user,
            place=record,  # type: ignore[arg-type]
            link_pk=kwargs["link_pk"],
        )
        messages.success(request, _("The person is no longer linked to the place."))
        return redirect(f"{registry.name}_detail", record.pk)

    view.__name__ = view.__qualname__ = f"{registry.name}_person_unlink"
    return view


def _value_shown(model: type[models.Model], name: str, value: Any) -> Any:
    """A logged value as a reader says it: a choice by its name (the record's own field
    first), a day as dd/mm/yyyy."""
    if not isinstance(value, str):
        return value
    try:
        choices = dict(model._meta.get_field(name).choices or [])  # type: ignore[union-attr]
    except FieldDoesNotExist:
        choices = {}
    if value in choices:
        return choices[value]
    named = value_label(name, value)
    if named is not None:
        return named
    try:
        return (
            datetime.date.fromisoformat(value).strftime("%d/%m/%Y") if len(value) == 10 else value
        )
    except ValueError:
        return value


def _changes_shown(model: type[models.Model], event: Event) -> Event:
    """The event with `shown_changes`: each field by its name, old and new values named."""
    shown = []
    for name, (old, new) in (event.changes or {}).items():
        try:
            label = str(model._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
            label = label[:1].upper() + label[1:]
        except (FieldDoesNotExist, AttributeError):
            label = field_label(name)
        shown.append((label, _value_shown(model, name, old), _value_shown(model, name, new)))
    event.shown_changes = shown  # type: ignore[attr-defined]
    return event


def _detail(registry: Registry) -> Callable[..., HttpResponse]:
    @login_required
    def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        try:
            record = selectors.place_get(registry.model, request.user, kwargs[registry.url_kwarg])
        except NotFound as exc:
            raise Http404 from exc
        events = Event.objects.of(registry.stream, record.pk).select_related("actor")
        can_write = selectors.place_can_write(request.user, record.commune)  # type: ignore[attr-defined]
        return render(
            request,
            f"places/{registry.name}_detail.html",
            {
                registry.name: record,
                "record": record,
                "can_write": can_write,
                "edit_url": reverse(f"{registry.name}_edit", args=[record.pk]),
                "timeline": [
                    (_changes_shown(registry.model, event), action_label(event.action))
                    for event in events
                ],
                **_steps(registry, record, can_write),
                **_persons(registry, request, record, can_write),
                **registry.page_context(request, record),
                **registry.detail(record),
            },
        )

    view.__name__ = view.__qualname__ = f"{registry.name}_detail"
    return view


def _save(form: forms.Form, run: Callable[[dict[str, Any]], Any]) -> tuple[Any, bool]:
    """Run the service on a valid form; its errors land on their fields. Returns the
    record (None when refused) and whether the point needs a reason."""
    try:
        return run(form.cleaned_data), False
    except services.LocationNeedsReason as warning:
        form.add_error(warning.field, str(warning.message))
        return None, True
    except services.StaleVersion as stale:
        form.add_error(None, str(stale.message))
        data = form.data.copy()  # type: ignore[attr-defined]
        data["version"] = str(stale.current)
        form.data = data
        return None, False
    except NotFound as exc:
        raise Http404 from exc
    except DomainError as error:
        form_error(form, error)
        return None, False


def _located(form: forms.Form, user: Any, record: Any = None) -> dict[str, Any] | None:
    """What the small map of a place form needs: the commune codes by id, the fixed commune."""
    if "latitude" not in form.fields:
        return None
    codes = {
        str(pk): code
        for pk, code in selectors.place_writable_communes(user).values_list("pk", "code")
    }
    fixed = record.commune.code if record is not None and "commune" not in form.fields else ""
    return {"codes": codes, "commune": fixed}


def _create(registry: Registry) -> Callable[..., HttpResponse]:
    @login_required
    def view(request: HttpRequest) -> HttpResponse:
        if not selectors.place_can_write(request.user):
            raise Http404
        form = registry.form(
            request.POST or None,
            communes=selectors.place_writable_communes(request.user),
            choices=registry.choices(request.user),
        )
        form.fields.pop("version", None)
        needs_reason = False
        if request.method == "POST" and form.is_valid():
            record, needs_reason = _save(
                form,
                lambda values: registry.create(
                    actor=request.user, data=services.input_of(registry.input, values)
                ),
            )
            if record is not None:
                messages.success(request, str(registry.created))
                return redirect(f"{registry.name}_detail", record.pk)
        return render(
            request,
            "places/place_form.html",
            {
                "form": form,
                "needs_reason": needs_reason,
                "located": _located(form, request.user),
                "title": registry.create_title,
                "back": reverse(f"{registry.name}_list"),
            },
        )

    view.__name__ = view.__qualname__ = f"{registry.name}_create"
    return view


def _edit(registry: Registry) -> Callable[..., HttpResponse]:
    @login_required
    def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        try:
            record = selectors.place_writable_get(
                registry.model, request.user, kwargs[registry.url_kwarg]
            )
        except NotFound as exc:
            raise Http404 from exc
        initial = {
            name: getattr(record, name)
            for name in registry.form.base_fields
            if hasattr(record, name)
        }
        initial.update(registry.initial(record))
        form = registry.form(
            request.POST or None,
            initial=initial,
            communes=selectors.place_writable_communes(request.user),
            choices=registry.choices(request.user),
        )
        for name in registry.fixed:
            form.fields.pop(name, None)
        needs_reason = False
        if request.method == "POST" and form.is_valid():

            def run(values: dict[str, Any]) -> Any:
                kept = {name: getattr(record, name) for name in registry.fixed}
                data = services.input_of(registry.input, {**values, **kept})
                return registry.update(
                    actor=request.user,
                    data=data,
                    version=values.get("version") or 0,
                    **{registry.update_kwarg: record},
                )

            saved, needs_reason = _save(form, run)
            if saved is not None:
                messages.success(request, _("The changes are saved."))
                return redirect(f"{registry.name}_detail", record.pk)
        return render(
            request,
            "places/place_form.html",
            {
                "form": form,
                "needs_reason": needs_reason,
                "located": _located(form, request.user, record),
                "title": registry.edit_title,
                "record": record,
                "back": reverse(f"{registry.name}_detail", args=[record.pk]),
            },
        )

    view.__name__ = view.__qualname__ = f"{registry.name}_edit"
    return view


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _export(registry: Registry) -> Callable[..., HttpResponse]:
    """The list, with the same filters, as a spreadsheet."""

    @login_required
    def view(request: HttpRequest) -> HttpResponse:
        _access, _filters, records = _listed(registry, request)
        buffer = io.BytesIO()
        spreadsheets.registry_export(registry.name, records, buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        filename = f"{registry.name}-{timezone.localdate():%Y%m%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    view.__name__ = view.__qualname__ = f"{registry.name}_export"
    return view


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Excel (.xlsx) or CSV file"))


def _import(registry: Registry) -> Callable[..., HttpResponse]:
    """Upload a list kept in a spreadsheet: all rows saved, or a report of every bad row."""

    @login_required
    def view(request: HttpRequest) -> HttpResponse:
        if not selectors.place_can_write(request.user):
            raise Http404
        form = ImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = spreadsheets.registry_import(
                    actor=request.user, name=registry.name, filename=upload.name, data=upload
                )
            except NotFound as exc:
                raise Http404 from exc
            except DomainError as error:
                form_error(form, error)
            else:
                if report.saved:
                    messages.success(
                        request, _("Imported %(rows)s rows.") % {"rows": report.created}
                    )
                    return redirect(f"{registry.name}_list")
        return render(
            request,
            "places/place_import.html",
            {
                "form": form,
                "report": report,
                "title": registry.create_title,
                "back": reverse(f"{registry.name}_list"),
                "template_url": reverse(f"{registry.name}_import_template"),
                "columns": list(spreadsheets.IMPORTS[registry.name].headers.values()),
            },
            status=400 if report is not None or form.errors else 200,
        )

    view.__name__ = view.__qualname__ = f"{registry.name}_import"
    return view


def _import_template(registry: Registry) -> Callable[..., HttpResponse]:
    @login_required
    def view(request: HttpRequest) -> HttpResponse:
        if not selectors.place_can_write(request.user):
            raise Http404
        buffer = io.BytesIO()
        spreadsheets.import_template(registry.name, buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="mau-{registry.name}.xlsx"'
        return response

    view.__name__ = view.__qualname__ = f"{registry.name}_import_template"
    return view


def registry_views(registry: Registry) -> dict[str, Callable[..., HttpResponse]]:
    return {
        "list": _list(registry),
        "export": _export(registry),
        "detail": _detail(registry),
        "create": _create(registry),
        "edit": _edit(registry),
        "import": _import(registry),
        "import_template": _import_template(registry),
        "person_link": _person_link(registry),
        "person_unlink": _person_unlink(registry),
    }


def _as_of(request: HttpRequest) -> tuple[forms.Form, datetime.date]:
    form = place_forms.CountsForm(request.GET or None)
    day = timezone.localdate()
    if form.is_valid() and form.cleaned_data["on"]:
        day = form.cleaned_data["on"]
    return form, day


@login_required
def hotspot_counts(request: HttpRequest) -> HttpResponse:
    """Open hotspots on a day, by commune and severity: counts only, for analysts too."""
    access = selectors.place_access(request.user)
    if not access.counts:
        raise Http404
    form, day = _as_of(request)
    counts = selectors.hotspot_counts_on(access.scope, day)
    states = selectors.hotspot_states_on(access.scope, day)["by_status"]
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
            "tied_to_entertainment": counts["tied_to_entertainment"],
            "rows": [row for row in rows if row[1]],
            "states": [
                (value, label, states.get(value, 0)) for value, label in HotspotStatus.choices
            ],
        },
    )


@login_required
def place_counts(request: HttpRequest) -> HttpResponse:
    """Key areas, businesses and drug-free units as they stood on a day: counts only."""
    access = selectors.place_access(request.user)
    if not access.counts:
        raise Http404
    form, day = _as_of(request)
    return render(
        request,
        "places/place_counts.html",
        {
            "form": form,
            "day": day,
            "key_areas": selectors.key_area_counts_on(access.scope, day),
            "businesses": selectors.business_counts_on(access.scope, day),
            "hotspots": selectors.hotspot_counts_on(access.scope, day),
            "drug_free": selectors.drug_free_shares_on(access.scope, day),
        },
    )


@login_required
def business_worklist(request: HttpRequest) -> HttpResponse:
    """Businesses that need attention: licences expiring, not inspected, tied to a hotspot."""
    access = selectors.place_access(request.user)
    if not access.reads:
        raise Http404
    form = place_forms.BusinessWorklistForm(request.GET or None)
    days = selectors.INSPECTION_INTERVAL_DAYS
    if form.is_valid() and form.cleaned_data["days"]:
        days = form.cleaned_data["days"]
    today = timezone.localdate()
    return render(
        request,
        "places/business_worklist.html",
        {
            "form": form,
            "days": days,
            "today": today,
            "worklist": selectors.business_worklist(request.user, today, interval_days=days),
        },
    )


@login_required
def place_commune_boundary(request: HttpRequest, code: str) -> JsonResponse:
    """The outline of a commune the user writes places for, for the small map of the place
    form (GeoJSON from our own boundaries; an empty collection when none is loaded)."""
    commune = selectors.place_writable_communes(request.user).filter(code=code).first()
    if commune is None:
        raise Http404
    boundary = UnitBoundary.objects.filter(unit=commune).values_list("geometry", flat=True)
    features = [
        {
            "type": "Feature",
            "properties": {"code": commune.code, "name": commune.full_name},
            "geometry": json.loads(text),
        }
        for text in boundary[:1]
    ]
    center = (
        [commune.centroid_lat, commune.centroid_lng] if commune.centroid_lat is not None else None
    )
    return JsonResponse({"type": "FeatureCollection", "features": features, "center": center})


@login_required
def place_address_resolve(request: HttpRequest) -> JsonResponse:
    """The commune (and village) an address typed in a place form names, among the communes
    the user writes for: the form shows it and the officer may take it or choose another."""
    communes = selectors.place_writable_communes(request.user)
    if not communes.exists():
        raise Http404
    text = (request.GET.get("address") or "")[:300]
    if not text.strip():
        return JsonResponse({"commune": None, "village": None, "reason": ""})
    provinces = sorted(set(communes.values_list("province_code", flat=True)))
    resolution = address_resolve(text, province_hint=provinces[0] if len(provinces) == 1 else None)
    commune = resolution.commune
    reason = str(resolution.reason)
    if commune is not None and not communes.filter(pk=commune.pk).exists():
        reason = _("%(commune)s is not a commune you write for.") % {"commune": commune.full_name}
        commune = None
    village = address_village(commune, text) if commune is not None else None
    return JsonResponse(
        {
            "commune": {"pk": commune.pk, "code": commune.code, "name": commune.full_name}
            if commune
            else None,
            "village": {"pk": village.pk, "name": village.name} if village else None,
            "reason": reason,
        }
    )
