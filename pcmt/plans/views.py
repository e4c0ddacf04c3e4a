"""Pages: the dashboard (targets against actuals, ranking, drill-down, export) and the plans."""

import datetime
import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pcmt.accounts.models import Agency
from pcmt.accounts.scope import scope_for
from pcmt.core.errors import DomainError, NotFound
from pcmt.core.tabular import write_xlsx
from pcmt.plans import selectors, services
from pcmt.plans.forms import (
    CauseForm,
    CausesFilterForm,
    CopyForm,
    DashboardForm,
    DrillForm,
    PlanForm,
    ProgressForm,
    TargetForm,
    TaskForm,
)
from pcmt.plans.indicators import DENOMINATOR, NUMERATOR, Period, indicators_all
from pcmt.plans.models import Target

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DRILL_LIMIT = 500


def _dashboard(request: HttpRequest) -> tuple[DashboardForm, selectors.Dashboard]:
    if not selectors.dashboard_can_open(request.user):
        raise Http404
    scope = scope_for(request.user)
    form = DashboardForm(request.GET or None, communes=scope.communes())
    year = form.chosen_year()
    commune = form.cleaned_data.get("commune") if form.is_bound and form.is_valid() else None
    if form.is_bound and not form.is_valid() and "commune" in form.errors:
        raise Http404  # another commune than the scope's: not found
    on = form.chosen_day(timezone.localdate())
    return form, selectors.dashboard_build(request.user, year=year, on=on, commune=commune)


def _value(value: Any, unit: str) -> str:
    if value is None:
        return _("no data")
    return f"{value} %" if unit == "percent" else f"{value}"


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Every target of the plans in force for the unit and year: actual, status, trend."""
    form, board = _dashboard(request)
    ranking = None
    rank_target = None
    rank_row = None
    each = [row for row in board.rows if row.target.applies_to == "each_commune"]
    if board.commune is None and each:
        wanted = request.GET.get("rank", "")
        rank_row = next((r for r in each if str(r.target.pk) == wanted), each[0])
        rank_target = rank_row.target
        evaluator = selectors.Evaluator(board.scope)
        ranking = selectors.ranking_rows(evaluator, rank_target, rank_row.indicator, board.on)
    readable = {
        row.indicator.key: selectors.may_read_records(request.user, row.indicator)
        for row in board.rows
    }
    return render(
        request,
        "plans/dashboard.html",
        {
            "form": form,
            "board": board,
            "ranking": ranking,
            "rank_target": rank_target,
            "rank_unit": rank_row.indicator.unit if rank_row else "",
            "each_targets": [row.target for row in each],
            "readable": readable,
            "tasks": selectors.tasks_due(request.user, timezone.localdate()),
            "today": timezone.localdate(),
        },
    )


@login_required
def dashboard_export(request: HttpRequest) -> HttpResponse:
    """The dashboard's table as a spreadsheet."""
    _form, board = _dashboard(request)
    headers = [
        _("Plan"),
        _("Indicator"),
        _("Unit"),
        _("Period"),
        _("Target"),
        _("Actual"),
        _("Numerator"),
        _("Denominator"),
        _("Status"),
        *board.quarters,
    ]
    rows = []
    for row in board.rows:
        target = row.target
        unit = row.indicator.unit
        rows.append(
            [
                str(target.plan),
                str(row.indicator.name),
                row.unit_name,
                f"{target.period_start:%d/%m/%Y} – {target.period_end:%d/%m/%Y}",
                f"{target.get_comparison_display()} {_value(target.value, unit)}",
                _value(row.actual, unit),
                row.figure.numerator if row.figure else "",
                row.figure.denominator if row.figure and row.figure.denominator is not None else "",
                row.status_label,
                *[_value(value, unit) for _label, value in row.trend],
            ]
        )
    buffer = io.BytesIO()
    write_xlsx(buffer, headers, rows, title=_("Dashboard"))
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="dashboard-{board.year}.xlsx"'
    return response


@login_required
def drill(request: HttpRequest) -> HttpResponse:
    """The records behind a number (names for readers of names only)."""
    if not selectors.dashboard_can_open(request.user):
        raise Http404
    form = DrillForm(request.GET)
    if not form.is_valid():
        return render(request, "plans/drill.html", {"form": form}, status=400)
    data = form.cleaned_data
    try:
        indicator = selectors.indicator_for(request.user, data["indicator"])
        commune = (
            selectors.commune_in_scope(request.user, data["commune"]) if data["commune"] else None
        )
        period = Period(data["start"], data["end"])
        records = selectors.drill_records(request.user, indicator, period, data["part"], commune)
    except NotFound as exc:
        raise Http404 from exc
    total = records.count()
    rows = selectors.record_rows(indicator, records[:DRILL_LIMIT])
    return render(
        request,
        "plans/drill.html",
        {
            "form": form,
            "indicator": indicator,
            "period": period,
            "commune": commune,
            "part": data["part"],
            "label": indicator.numerator if data["part"] == NUMERATOR else indicator.denominator,
            "rows": rows,
            "total": total,
            "limit": DRILL_LIMIT,
            "numerator": NUMERATOR,
            "denominator": DENOMINATOR,
        },
    )


@login_required
def indicator_library(request: HttpRequest) -> HttpResponse:
    """Every indicator the user may see, with its definition."""
    if not selectors.dashboard_can_open(request.user):
        raise Http404
    return render(
        request,
        "plans/indicators.html",
        {"indicators": selectors.indicators_for(request.user)},
    )


# Plans --------------------------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    if not selectors.dashboard_can_open(request.user):
        raise Http404
    return render(
        request,
        "plans/plan_list.html",
        {
            "plans": selectors.plans_visible(request.user).select_related("unit"),
            "can_write": selectors.plan_can_write(request.user),
        },
    )


def _save(form: Any, run: Any) -> Any:
    """Run the service when the form is valid; a DomainError becomes a field error."""
    if not form.is_valid():
        return None
    try:
        return run(form.cleaned_data)
    except DomainError as exc:
        field = exc.field if exc.field in form.fields else None
        form.add_error(field, str(exc.message))
        return None


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    if not selectors.plan_can_write(request.user):
        raise Http404
    units = selectors.plan_units(request.user)
    form = PlanForm(request.POST or None, units=units)
    if request.method == "POST":
        plan = _save(form, lambda d: services.plan_create(actor=request.user, **d))
        if plan is not None:
            return redirect("plan_detail", plan_pk=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form})


def _plan_page(request: HttpRequest, pk: int, **forms: Any) -> HttpResponse:
    plan = _plan(request, pk)
    can_write = selectors.plan_can_write(request.user, plan.unit)
    scope = scope_for(request.user)
    communes = scope.communes() if plan.unit.parent_id is None else scope.communes().none()
    context = {
        "plan": plan,
        "can_write": can_write,
        "targets": plan.targets.select_related("commune"),
        "tasks": plan.tasks.select_related("agency").prefetch_related("notes"),
        # A plan's wording is not place data: every indicator is named, shown or not.
        "names": {i.key: i.name for i in indicators_all()},
        "target_form": forms.get("target_form")
        or TargetForm(indicators=selectors.indicators_for(request.user), communes=communes),
        "task_form": forms.get("task_form") or TaskForm(agencies=_agencies(plan)),
        "copy_form": forms.get("copy_form") or CopyForm(),
        "progress_form": ProgressForm(auto_id=False),
        "updatable": {t.pk for t in plan.tasks.all() if selectors.task_can_update(request.user, t)},
        "today": timezone.localdate(),
    }
    return render(request, "plans/plan_detail.html", context, status=400 if forms else 200)


def _plan(request: HttpRequest, pk: int) -> Any:
    try:
        return selectors.plan_get(request.user, pk)
    except NotFound as exc:
        raise Http404 from exc


def _agencies(plan: Any) -> Any:
    return Agency.objects.filter(is_active=True).filter(
        unit__in=[plan.unit_id, *([plan.unit.parent_id] if plan.unit.parent_id else [])]
    ) | Agency.objects.filter(is_active=True, unit__parent_id=plan.unit_id)


@login_required
def plan_detail(request: HttpRequest, plan_pk: int) -> HttpResponse:
    return _plan_page(request, plan_pk)


def _writable(request: HttpRequest, pk: int) -> Any:
    plan = _plan(request, pk)
    if not selectors.plan_can_write(request.user, plan.unit):
        raise Http404
    return plan


@login_required
@require_POST
def target_add(request: HttpRequest, plan_pk: int) -> HttpResponse:
    pk = plan_pk
    plan = _writable(request, pk)
    scope = scope_for(request.user)
    form = TargetForm(
        request.POST, indicators=selectors.indicators_for(request.user), communes=scope.communes()
    )
    done = _save(form, lambda d: services.target_add(actor=request.user, plan=plan, **d))
    if done is None:
        return _plan_page(request, pk, target_form=form)
    return redirect("plan_detail", plan_pk=plan.pk)


@login_required
@require_POST
def target_remove(request: HttpRequest, plan_pk: int, target_pk: int) -> HttpResponse:
    plan = _writable(request, plan_pk)
    target = Target.objects.filter(plan=plan, pk=target_pk).first()
    if target is None:
        raise Http404
    services.target_remove(actor=request.user, target=target)
    return redirect("plan_detail", plan_pk=plan.pk)


@login_required
@require_POST
def task_add(request: HttpRequest, plan_pk: int) -> HttpResponse:
    pk = plan_pk
    plan = _writable(request, pk)
    form = TaskForm(request.POST, agencies=_agencies(plan))
    done = _save(form, lambda d: services.task_add(actor=request.user, plan=plan, **d))
    if done is None:
        return _plan_page(request, pk, task_form=form)
    return redirect("plan_detail", plan_pk=plan.pk)


@login_required
@require_POST
def task_progress(request: HttpRequest, task_pk: int) -> HttpResponse:
    try:
        task = selectors.task_get(request.user, task_pk)
    except NotFound as exc:
        raise Http404 from exc
    if not selectors.task_can_update(request.user, task):
        raise Http404
    form = ProgressForm(request.POST)
    done = _save(form, lambda d: services.task_progress(actor=request.user, task=task, **d))
    if done is None:
        return _plan_page(request, task.plan_id)
    return redirect(reverse("plan_detail", args=[task.plan_id]) + f"#task-{task.pk}")


@login_required
@require_POST
def plan_copy(request: HttpRequest, plan_pk: int) -> HttpResponse:
    pk = plan_pk
    plan = _writable(request, pk)
    form = CopyForm(request.POST)
    copy = _save(form, lambda d: services.plan_copy(actor=request.user, plan=plan, **d))
    if copy is None:
        return _plan_page(request, pk, copy_form=form)
    return redirect("plan_detail", plan_pk=copy.pk)


@login_required
def gaps(request: HttpRequest) -> HttpResponse:
    """Gaps in management per commune: counts for readers of aggregates; each line lists its
    persons for readers of names (`?line=`)."""
    from pcmt.plans import gaps as gap_lines

    if not selectors.dashboard_can_open(request.user):
        raise Http404
    scope = scope_for(request.user)
    commune = None
    if request.GET.get("commune"):
        try:
            commune = selectors.commune_in_scope(request.user, request.GET["commune"])
        except NotFound as exc:
            raise Http404 from exc
    narrowed = gap_lines.gap_scope(scope, commune)
    today = timezone.localdate()
    counts = gap_lines.gap_counts(narrowed, today)
    key = request.GET.get("line", "")
    line = next((found for found, _count in counts if found.key == key), None)
    records = None
    if key and line is None:
        raise Http404
    if line is not None:
        if not scope.can_read_persons:
            raise Http404  # analysts get the numbers, never the names
        records = line.records(narrowed, today, DRILL_LIMIT)
    return render(
        request,
        "plans/gaps.html",
        {
            "communes": scope.communes().order_by("name"),
            "commune": commune,
            "lines": counts,
            "line": line,
            "records": records,
            "can_drill": scope.can_read_persons,
            "today": today,
        },
    )


def _causes(request: HttpRequest) -> tuple[CausesFilterForm, Any, int]:
    from pcmt.plans.causes import causes_analyse
    from pcmt.plans.gaps import gap_scope

    if not selectors.dashboard_can_open(request.user):
        raise Http404
    scope = scope_for(request.user)
    form = CausesFilterForm(request.GET or None, communes=scope.communes().order_by("name"))
    if form.is_bound and not form.is_valid() and "commune" in form.errors:
        raise Http404  # another commune than the scope's: not found
    year = form.chosen_year()
    commune = form.cleaned_data.get("commune") if form.is_bound and form.is_valid() else None
    analysis = causes_analyse(
        gap_scope(scope, commune), datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    )
    return form, analysis, year


@login_required
def causes(request: HttpRequest) -> HttpResponse:
    """New cases of a year by cause, age group, substance, workplace, origin, commune and
    quarter: counts for every reader of aggregates."""
    form, analysis, year = _causes(request)
    tables = [
        (b, [(label, n, b.share(n, analysis.total)) for label, n in b.rows])
        for b in analysis.breakdowns
    ]
    return render(
        request,
        "plans/causes.html",
        {
            "form": form,
            "analysis": analysis,
            "tables": tables,
            "year": year,
            "query": request.GET.urlencode(),
        },
    )


@login_required
def causes_export(request: HttpRequest) -> HttpResponse:
    """The analysis's tables one under the other, through the shared spreadsheet writer."""
    _form, analysis, year = _causes(request)
    rows = [
        [str(b.title), label, n, b.share(n, analysis.total)]
        for b in analysis.breakdowns
        for label, n in b.rows
    ]
    target = io.BytesIO()
    write_xlsx(target, [_("Breakdown"), _("Value"), _("Persons"), "%"], rows)
    response = HttpResponse(target.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="nguyen-nhan-{year}.xlsx"'
    return response


@login_required
def cause_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Record or correct the causes of a newly detected person (officers of his commune)."""
    from pcmt.persons.selectors import person_get
    from pcmt.plans.models import NewCaseCause

    scope = scope_for(request.user)
    try:
        person = person_get(scope=scope, pk=pk, user=request.user)
    except NotFound as exc:
        raise Http404 from exc
    if not (scope.can_write_persons and scope.reaches_commune(person.managing_commune)):
        raise Http404
    cause = NewCaseCause.objects.filter(person=person).first()
    chosen = list(cause.reasons.all()) if cause else []
    initial: dict[str, Any] = {"detected_on": timezone.localdate()}
    if cause is not None:
        initial = {
            "detected_on": cause.detected_on,
            "age_at_first_use": cause.age_at_first_use,
            "first_substance": cause.first_substance,
            "reasons": [r.pk for r in chosen],
            "circumstances": cause.circumstances,
            "workplace": cause.workplace,
            "industrial_zone": cause.industrial_zone_id,
            "school": cause.school_id,
            "construction_site": cause.construction_site,
            "origin_province": cause.origin_province_id,
        }
    form = CauseForm(
        request.POST or None, initial=initial, commune=person.managing_commune, chosen=chosen
    )
    if request.method == "POST":
        saved = _save(
            form,
            lambda d: services.new_case_cause_record(
                actor=request.user,
                person=person,
                data=services.CauseInput(
                    detected_on=d["detected_on"],
                    age_at_first_use=d["age_at_first_use"],
                    first_substance=d["first_substance"],
                    reasons=list(d["reasons"]),
                    circumstances=d["circumstances"],
                    workplace=d["workplace"],
                    industrial_zone=d["industrial_zone"],
                    school=d["school"],
                    construction_site=d["construction_site"],
                    origin_province=d["origin_province"],
                ),
            ),
        )
        if saved is not None:
            return redirect(reverse("person_detail", kwargs={"pk": person.pk}) + "#causes")
    return render(request, "plans/cause_form.html", {"form": form, "person": person})
