"""Pages of outreach: the activities with filters, the form, an activity, the Excel export."""

import io
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from pcmt.accounts.scope import scope_for
from pcmt.core.errors import DomainError, NotFound
from pcmt.core.tabular import write_xlsx
from pcmt.outreach import selectors, spreadsheets
from pcmt.outreach.forms import (
    ImportForm,
    IndustrialZoneForm,
    OutreachFilterForm,
    OutreachForm,
    SchoolForm,
    TargetFilterForm,
)
from pcmt.outreach.models import IndustrialZone, OutreachActivity, School, Topic
from pcmt.outreach.services import (
    OutreachInput,
    industrial_zone_add,
    industrial_zone_update,
    outreach_record,
    outreach_update,
    school_add,
    school_update,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LIST_LIMIT = 500


def _filtered(request: HttpRequest) -> tuple[OutreachFilterForm, QuerySet[OutreachActivity]]:
    if not selectors.outreach_can_read(request.user):
        raise Http404
    form = OutreachFilterForm(request.GET or None, communes=scope_for(request.user).communes())
    chosen: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        chosen = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    return form, selectors.outreach_list(request.user, **chosen)


def _topics(activity: OutreachActivity) -> str:
    labels = dict(Topic.choices)
    return ", ".join(str(labels.get(code, code)) for code in activity.topics)


@login_required
def outreach_list(request: HttpRequest) -> HttpResponse:
    form, activities = _filtered(request)
    rows = [(a, _topics(a)) for a in activities[:LIST_LIMIT]]
    return render(
        request,
        "outreach/list.html",
        {
            "form": form,
            "rows": rows,
            "total": activities.count(),
            "can_write": selectors.outreach_can_write(request.user),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def outreach_export(request: HttpRequest) -> HttpResponse:
    _form, activities = _filtered(request)
    headers = [
        _("Commune"),
        _("date held"),
        _("organising unit"),
        _("audience"),
        _("topics"),
        _("online channel"),
        _("online reach"),
    ]
    rows = [
        [
            a.commune.name,
            a.held_on.strftime("%d/%m/%Y"),
            a.organiser,
            a.audience,
            _topics(a),
            a.channel_name,
            a.channel_reach if a.channel_reach is not None else "",
        ]
        for a in activities
    ]
    target = io.BytesIO()
    write_xlsx(target, headers, rows)
    response = HttpResponse(target.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="tuyen-truyen.xlsx"'
    return response


@login_required
def outreach_create(request: HttpRequest) -> HttpResponse:
    if not selectors.outreach_can_write(request.user):
        raise Http404
    form = OutreachForm(request.POST or None, targets=selectors.outreach_targets(request.user))
    if request.method == "POST" and form.is_valid():
        activity = _saved(form, lambda data: outreach_record(actor=request.user, data=data))
        if activity is not None:
            return redirect("outreach_detail", activity_pk=activity.pk)
    return render(
        request, "outreach/form.html", {"form": form, "title": _("New outreach activity")}
    )


def _input(data: dict[str, Any]) -> OutreachInput:
    return OutreachInput(
        commune=data["commune"],
        held_on=data["held_on"],
        organiser=data["organiser"],
        audience=data["audience"],
        topics=list(data["topics"]),
        schools=list(data["schools"]),
        villages=list(data["villages"]),
        industrial_zones=list(data["industrial_zones"]),
        channel=data["channel"],
        channel_name=data["channel_name"],
        channel_reach=data["channel_reach"],
        materials=data["materials"],
    )


def _saved[T](form: Any, save: Callable[[OutreachInput], T]) -> T | None:
    """Call the service with the form's values; a refusal becomes the form's error."""
    try:
        return save(_input(form.cleaned_data))
    except NotFound as exc:
        raise Http404 from exc
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
    return None


@login_required
def outreach_edit(request: HttpRequest, activity_pk: int) -> HttpResponse:
    """Correct an activity of a commune the user writes for."""
    try:
        activity = selectors.outreach_writable_get(request.user, activity_pk)
    except NotFound as exc:
        raise Http404 from exc
    initial = {
        "commune": activity.commune_id,
        "held_on": activity.held_on,
        "organiser": activity.organiser,
        "audience": activity.audience,
        "topics": activity.topics,
        "schools": list(activity.schools.values_list("pk", flat=True)),
        "villages": list(activity.villages.values_list("pk", flat=True)),
        "industrial_zones": list(activity.industrial_zones.values_list("pk", flat=True)),
        "channel": activity.channel,
        "channel_name": activity.channel_name,
        "channel_reach": activity.channel_reach,
        "materials": activity.materials,
    }
    form = OutreachForm(
        request.POST or None, initial=initial, targets=selectors.outreach_targets_of(activity)
    )
    if request.method == "POST" and form.is_valid():
        changed = _saved(
            form,
            lambda data: outreach_update(actor=request.user, activity=activity, data=data),
        )
        if changed is not None:
            return redirect("outreach_detail", activity_pk=activity.pk)
    return render(
        request,
        "outreach/form.html",
        {"form": form, "title": _("Edit outreach activity"), "activity": activity},
    )


@login_required
def outreach_detail(request: HttpRequest, activity_pk: int) -> HttpResponse:
    try:
        activity = selectors.outreach_get(request.user, activity_pk)
    except NotFound as exc:
        raise Http404 from exc
    return render(
        request,
        "outreach/detail.html",
        {
            "activity": activity,
            "topics": _topics(activity),
            "schools": activity.schools.order_by("name"),
            "villages": activity.villages.order_by("name"),
            "zones": activity.industrial_zones.order_by("name"),
            "can_edit": selectors.outreach_can_write(request.user, activity.commune),
        },
    )


@login_required
def outreach_import(request: HttpRequest) -> HttpResponse:
    """Upload the communes' lists of schools and industrial zones: every row, or a report."""
    if not selectors.outreach_can_write(request.user):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = spreadsheets.targets_import(
                actor=request.user, filename=upload.name, data=upload
            )
        except NotFound as exc:
            raise Http404 from exc
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            if report.saved:
                messages.success(request, _("Imported %(rows)s rows.") % {"rows": report.created})
                return redirect("outreach_list")
    return render(
        request,
        "places/place_import.html",
        {
            "form": form,
            "report": report,
            "title": _("Schools and industrial zones"),
            "back": reverse("outreach_list"),
            "template_url": reverse("outreach_import_template"),
            "columns": list(spreadsheets.HEADERS.values()),
        },
        status=400 if report is not None or form.errors else 200,
    )


@login_required
def outreach_import_template(request: HttpRequest) -> HttpResponse:
    if not selectors.outreach_can_write(request.user):
        raise Http404
    target = io.BytesIO()
    write_xlsx(
        target,
        list(spreadsheets.HEADERS.values()),
        [
            ["00004", "", "Trường THCS Nguyễn Du", "THCS"],
            ["00004", "", "KCN Bắc Thăng Long", "KCN"],
        ],
    )
    response = HttpResponse(target.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-truong-hoc-kcn.xlsx"'
    return response


# --- the lists of schools and industrial zones ----------------------------------------------


@login_required
def outreach_targets(request: HttpRequest) -> HttpResponse:
    """The communes' schools and industrial zones, filtered by commune."""
    if not selectors.outreach_can_read(request.user):
        raise Http404
    form = TargetFilterForm(request.GET or None, communes=scope_for(request.user).communes())
    commune = form.cleaned_data.get("commune") if form.is_bound and form.is_valid() else None
    schools, zones = selectors.targets_readable(request.user, commune)
    return render(
        request,
        "outreach/targets.html",
        {
            "form": form,
            "schools": schools.select_related("commune")[:LIST_LIMIT],
            "zones": zones.select_related("commune")[:LIST_LIMIT],
            "can_write": selectors.outreach_can_write(request.user),
        },
    )


def _target_form(
    request: HttpRequest,
    form: Any,
    save: Callable[[dict[str, Any]], Any],
    title: str,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except NotFound as exc:
            raise Http404 from exc
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            return redirect("outreach_targets")
    return render(request, "outreach/target_form.html", {"form": form, "title": title})


@login_required
def school_create(request: HttpRequest) -> HttpResponse:
    if not selectors.outreach_can_write(request.user):
        raise Http404
    communes = selectors.outreach_targets(request.user)["communes"]
    form = SchoolForm(request.POST or None, communes=communes)
    return _target_form(
        request,
        form,
        lambda d: school_add(
            actor=request.user, commune=d["commune"], name=d["name"], level=d["level"]
        ),
        _("New school"),
    )


@login_required
def school_edit(request: HttpRequest, school_pk: int) -> HttpResponse:
    try:
        school: School = selectors.school_writable_get(request.user, school_pk)
    except NotFound as exc:
        raise Http404 from exc
    initial = {"name": school.name, "level": school.level, "is_active": school.is_active}
    form = SchoolForm(request.POST or None, initial=initial)
    return _target_form(
        request,
        form,
        lambda d: school_update(
            actor=request.user,
            school=school,
            name=d["name"],
            level=d["level"],
            is_active=d["is_active"],
        ),
        _("Edit school"),
    )


@login_required
def industrial_zone_create(request: HttpRequest) -> HttpResponse:
    if not selectors.outreach_can_write(request.user):
        raise Http404
    communes = selectors.outreach_targets(request.user)["communes"]
    form = IndustrialZoneForm(request.POST or None, communes=communes)
    return _target_form(
        request,
        form,
        lambda d: industrial_zone_add(actor=request.user, commune=d["commune"], name=d["name"]),
        _("New industrial zone"),
    )


@login_required
def industrial_zone_edit(request: HttpRequest, zone_pk: int) -> HttpResponse:
    try:
        zone: IndustrialZone = selectors.industrial_zone_writable_get(request.user, zone_pk)
    except NotFound as exc:
        raise Http404 from exc
    form = IndustrialZoneForm(
        request.POST or None, initial={"name": zone.name, "is_active": zone.is_active}
    )
    return _target_form(
        request,
        form,
        lambda d: industrial_zone_update(
            actor=request.user, zone=zone, name=d["name"], is_active=d["is_active"]
        ),
        _("Edit industrial zone"),
    )
