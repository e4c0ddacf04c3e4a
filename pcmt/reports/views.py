"""Report pages: the list and preparing a report, one report with its figures, versions,
steps and timeline, the comparison of two versions, and the Excel and PDF files."""

import datetime
import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from pcmt.audit.labels import action_label
from pcmt.audit.models import Event
from pcmt.core.errors import DomainError
from pcmt.core.views import form_error, is_htmx, not_found_as_404
from pcmt.reports import selectors, services
from pcmt.reports.deadlines import report_deadlines
from pcmt.reports.forms import ApproveForm, PrepareForm, ReturnForm, SubmitForm
from pcmt.reports.layouts import figure_rows
from pcmt.reports.models import REPORT_STREAM, Report, ReportStatus
from pcmt.reports.pdf import report_pdf_bytes
from pcmt.reports.spreadsheets import report_workbook


def _readable(request: HttpRequest) -> selectors.ReportAccess:
    access = selectors.report_access(request.user)
    if not access.reads:
        raise Http404
    return access


@login_required
def report_deadlines_card(request: HttpRequest) -> HttpResponse:
    """The home page's card of report deadlines (loaded by htmx, or opened on its own)."""
    _readable(request)
    today = timezone.localdate()
    deadlines = report_deadlines(request.user, today)
    template = "reports/_deadlines.html" if is_htmx(request) else "reports/deadlines.html"
    return render(request, template, {"deadlines": deadlines, "today": today})


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    access = _readable(request)
    unit = selectors.report_unit_of(request.user)
    form = None
    if unit is not None:
        form = PrepareForm(request.POST or None, templates=selectors.templates_in_use())
        if request.method == "POST" and form.is_valid():
            values = form.cleaned_data
            try:
                report = services.report_prepare(
                    actor=request.user,
                    unit=unit,
                    data=services.ReportInput(
                        template=values["template"],
                        period_kind=values["period_kind"],
                        year=values["year"],
                        number=values["number"] or 1,
                        period_start=values["period_start"],
                        period_end=values["period_end"],
                        report_number=values["report_number"],
                        signer=values["signer"],
                    ),
                )
            except DomainError as error:
                form_error(form, error)
            else:
                return redirect("report_detail", report_pk=report.pk)
    elif request.method == "POST":
        raise Http404
    reports = selectors.reports_readable(request.user).order_by(
        "-period_end", "unit__name_folded", "pk"
    )[:200]
    return render(
        request,
        "reports/report_list.html",
        {"reports": reports, "form": form, "unit": unit, "access": access},
    )


@login_required
def report_national(request: HttpRequest) -> HttpResponse:
    """The national summary of one template and period: the provinces' approved reports added
    up, and which provinces have not sent theirs up or are not approved yet."""
    access = _readable(request)
    if not access.national:
        raise Http404
    sent = (
        selectors.reports_readable(request.user)
        .order_by("-period_end", "template__name", "period_start")
        .values_list("template_id", "template__name", "period_kind", "period_start", "period_end")
        .distinct()
    )
    periods = [
        {"template": t, "name": n, "kind": k, "start": s, "end": e} for t, n, k, s, e in sent
    ]
    chosen = None
    try:
        template_id = int(request.GET.get("template", ""))
        start = datetime.date.fromisoformat(request.GET.get("start", ""))
        end = datetime.date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        template_id = 0
    if template_id:
        template = selectors.templates_in_use().filter(pk=template_id).first()
        if template is None:
            raise Http404
        figures, returns = services.national_figures(template, start, end)
        chosen = {
            "template": template,
            "start": start,
            "end": end,
            "rows": figure_rows(template.layout, figures),
            "returns": returns,
        }
    return render(request, "reports/national.html", {"periods": periods[:100], "chosen": chosen})


def _version_pair(report: Report, request: HttpRequest) -> tuple[Any, Any]:
    versions = {v.number: v for v in report.versions.all()}
    try:
        left = versions[int(request.GET.get("a", "0"))]
        right = versions[int(request.GET.get("b", "0"))]
    except (KeyError, ValueError):
        raise Http404 from None
    return left, right


@login_required
@not_found_as_404
def report_detail(request: HttpRequest, report_pk: int) -> HttpResponse:
    report = selectors.report_get(request.user, report_pk)
    figures = services.report_shown_figures(report)
    latest = selectors.report_latest_version(report)
    layout = (
        latest.figures["layout"]
        if latest and report.status != ReportStatus.PREPARED
        else (report.template.layout)
    )
    timeline = [
        (event, action_label(event.action))
        for event in Event.objects.of(REPORT_STREAM, report.pk).select_related("actor")
    ]
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "rows": figure_rows(layout, figures),
            "versions": report.versions.select_related("submitted_by"),
            "communes": selectors.commune_returns(report) if report.unit.is_province else None,
            "may_submit": selectors.report_can_prepare(request.user, report.unit)
            and report.status in (ReportStatus.PREPARED, ReportStatus.RETURNED),
            "may_review": selectors.report_can_review(request.user, report)
            and report.status == ReportStatus.SUBMITTED,
            "submit_form": SubmitForm(),
            "return_form": ReturnForm(),
            "approve_form": ApproveForm(),
            "timeline": timeline,
        },
    )


@login_required
@not_found_as_404
def report_compare(request: HttpRequest, report_pk: int) -> HttpResponse:
    """Two versions side by side: each row's figures and what changed between them."""
    report = selectors.report_get(request.user, report_pk)
    left, right = _version_pair(report, request)
    old = figure_rows(left.figures["layout"], left.figures["values"])
    new = {
        row.get("code"): row
        for row in figure_rows(right.figures["layout"], right.figures["values"])
    }
    rows = []
    for row in old:
        if "code" not in row:
            rows.append(row)
            continue
        other = new.get(row["code"], {})
        rows.append(
            {**row, "new": other.get("period"), "moved": other.get("period") != row["period"]}
        )
    return render(
        request,
        "reports/report_compare.html",
        {"report": report, "left": left, "right": right, "rows": rows},
    )


def _file(report: Report, data: bytes, extension: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    name = f"bao-cao-{report.unit.code}-{report.period_end:%Y%m%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@not_found_as_404
def report_xlsx(request: HttpRequest, report_pk: int) -> HttpResponse:
    report = selectors.report_get(request.user, report_pk)
    out = io.BytesIO()
    report_workbook(report, out)
    return _file(
        report,
        out.getvalue(),
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
@not_found_as_404
def report_pdf(request: HttpRequest, report_pk: int) -> HttpResponse:
    report = selectors.report_get(request.user, report_pk)
    return _file(report, report_pdf_bytes(report), "pdf", "application/pdf")
